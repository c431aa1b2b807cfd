// `nrls-conformance run` writes evidence.tar.gz, signed with NRLS_EVIDENCE_SIGNING_KEY, and `verify` as a
// reviewer runs it (issue 13, point 1): exit 0 intact with the run and harness identity, 1 naming each
// problem, 2 for bad usage with one line and no stack.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeEvidenceBundle } from '../../src/evidence/write-bundle.ts';
import { editedBundle, passEveryCheck, runFolder } from '../evidence/bundle-support.ts';
import { ROOT, runCli } from '../support/cli.ts';

const keyPair = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
};
const signer = keyPair();
const stranger = keyPair();

let run: Awaited<ReturnType<typeof runFolder>>;
let scratch: string;
let unsignedDir: string;
const signedBundle = () => join(run.dir, 'evidence.tar.gz');

before(async () => {
  run = await runFolder(['--tags', '@NRLS-CREATE-005', '--fault', 'location-path-form'], {
    NRLS_EVIDENCE_SIGNING_KEY: signer.privatePem,
  });
  scratch = mkdtempSync(join(tmpdir(), 'nrls-verify-'));
  writeFileSync(join(scratch, 'signer.pub'), signer.publicPem);
  writeFileSync(join(scratch, 'stranger.pub'), stranger.publicPem);
  unsignedDir = join(scratch, 'unsigned');
  cpSync(run.dir, unsignedDir, { recursive: true });
  writeEvidenceBundle(unsignedDir);
});
after(() => {
  run?.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

const verify = (...args: string[]) => runCli(['verify', ...args]);

describe('nrls-conformance verify: an intact bundle exits 0 and says what ran', () => {
  it('run says where the bundle is and that it is signed', () => {
    assert.match(run.stdout, /^evidence: .*evidence\.tar\.gz \(signed by sha256:[0-9a-f]{64}; check with/m);
  });

  it('prints the run identity, the harness identity and hash, and the signing key', async () => {
    const exit = await verify(signedBundle(), '--public-key', join(scratch, 'signer.pub'));
    assert.equal(exit.code, 0, exit.stdout + exit.stderr);
    // Every file of the run folder but the bundle itself (and no `latest` link inside it).
    const files = readdirSync(run.dir).filter((name) => name !== 'evidence.tar.gz').length;
    assert.match(
      exit.stdout,
      new RegExp(`^intact: .*evidence\\.tar\\.gz \\(${files} files, chain head [0-9a-f]{64}\\)$`, 'm'),
    );
    assert.match(exit.stdout, /^run: +\d{8}-\d{6}-[0-9a-f]{4}, .* verdict NOT CONFORMANT$/m);
    assert.match(exit.stdout, /^options: +tags @NRLS-CREATE-005, faults location-path-form, parallel 0/m);
    assert.match(exit.stdout, /^harness: +nrls-conformance \d+\.\d+\.\d+, commit /m);
    assert.match(exit.stdout, /harness hash [0-9a-f]{64}\n.*the same as this installation of the harness$/m);
    assert.match(exit.stdout, /^signed by sha256:[0-9a-f]{64}$/m);
  });

  it('a reader that stops after the first line (| head) gets no stack trace, and the exit is 0', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'nrls-conformance.js'), 'verify', signedBundle()], {
      cwd: ROOT,
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // Like `head -1`: read the first chunk, then close the pipe before the command has written the rest.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((done) => child.on('close', done));
    assert.equal(stderr, '');
    assert.equal(code, 0);
  });

  it('a run folder stands for its bundle; an unsigned one says so', async () => {
    const exit = await verify(unsignedDir);
    assert.equal(exit.code, 0, exit.stdout + exit.stderr);
    assert.match(exit.stdout, /^unsigned \(hash-chained\)$/m);
  });
});

describe('nrls-conformance verify: a bundle that is not intact exits 1, one line per problem', () => {
  it('a changed byte of messages.ndjson is named', async () => {
    const edited = editedBundle(signedBundle(), (files) => {
      const messages = Buffer.from(files.get('messages.ndjson')!);
      messages[100] = messages[100]! ^ 0x01;
      files.set('messages.ndjson', messages);
    });
    const exit = await verify(edited);
    assert.equal(exit.code, 1);
    assert.match(exit.stdout, /^changed: messages\.ndjson$/m);
    assert.match(exit.stdout, /^NOT INTACT: .*\(\d+ problems?\)$/m);
  });

  it("the issue's sed on messages.ndjson, with the chain recomputed, is caught by the rebuilt report", async () => {
    const forged = editedBundle(
      join(unsignedDir, 'evidence.tar.gz'),
      (files) => files.set('messages.ndjson', passEveryCheck(files.get('messages.ndjson')!)),
      { recompute: true },
    );
    const exit = await verify(forged);
    assert.equal(exit.code, 1);
    assert.match(exit.stdout, /^assurance\.json does not match its messages: verdict PARTIAL vs NOT CONFORMANT$/m);
  });

  it('another key, or --public-key with an unsigned bundle, fails', async () => {
    const other = await verify(signedBundle(), '--public-key', join(scratch, 'stranger.pub'));
    assert.equal(other.code, 1);
    assert.match(other.stdout, /^bad signature: manifest\.sig is not a signature by --public-key .*stranger\.pub/m);
    const unsigned = await verify(unsignedDir, '--public-key', join(scratch, 'signer.pub'));
    assert.equal(unsigned.code, 1);
    assert.match(unsigned.stdout, /^not signed: the bundle is hash-chained only/m);
  });
});

describe('nrls-conformance verify and run: bad usage exits 2 with one line', () => {
  const CASES: [string, () => string[], RegExp][] = [
    ['no bundle', () => [], /which bundle\?/],
    ['a file that does not exist', () => [join(scratch, 'nope.tar.gz')], /nope\.tar\.gz: no such file/],
    [
      'a file that is not a bundle',
      () => [join(scratch, 'signer.pub')],
      /signer\.pub: not an evidence bundle \(not a gzip file/,
    ],
    ['a folder without a bundle', () => [scratch], /is a folder without evidence\.tar\.gz/],
    [
      'an unreadable key',
      () => [signedBundle(), '--public-key', join(scratch, 'none.pub')],
      /--public-key .*none\.pub: cannot be read \(ENOENT\)/,
    ],
    [
      'a key that is not a key',
      () => [signedBundle(), '--public-key', signedBundle()],
      /--public-key .*: not a PEM public key/,
    ],
  ];
  for (const [name, args, reason] of CASES) {
    it(`verify: ${name}`, async () => {
      const exit = await verify(...args());
      assert.equal(exit.code, 2, exit.stdout + exit.stderr);
      assert.equal(exit.stderr.trim().split('\n').length, 1, exit.stderr);
      assert.match(exit.stderr, /^nrls-conformance verify: /);
      assert.match(exit.stderr, reason);
    });
  }

  it('run: a signing key that is not a PEM key stops the run before it starts', async () => {
    const exit = await runCli(['run', '--out', join(scratch, 'never'), '--quiet'], {
      env: { NRLS_EVIDENCE_SIGNING_KEY: 'signing.pem' },
    });
    assert.equal(exit.code, 2);
    assert.match(
      exit.stderr,
      /^nrls-conformance run: evidence signing key: NRLS_EVIDENCE_SIGNING_KEY: not a PEM private key/,
    );
    assert.equal(exit.stderr.trim().split('\n').length, 1);
  });
});
