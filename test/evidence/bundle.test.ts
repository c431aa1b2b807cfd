// Issue 13 acceptance, point 1, on a real run's bundle (one failing create scenario, made once): an untouched
// bundle verifies; a byte changed in any bundled file, an added file and a removed one are each named; a forger
// who recomputes every hash and the chain is still caught by the signature, or by the report rebuilt from the
// messages.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MANIFEST_FILE, SIGNATURE_FILE, type EvidenceManifest } from '../../src/evidence/manifest.ts';
import { readBundle } from '../../src/evidence/read-bundle.ts';
import { signingKeyFromPem } from '../../src/evidence/signing.ts';
import { verifyBundle } from '../../src/evidence/verify-bundle.ts';
import { writeEvidenceBundle } from '../../src/evidence/write-bundle.ts';
import type { AssuranceRun } from '../../src/report/model.ts';
import { editedBundle, passEveryCheck, runFolder, unpack } from './bundle-support.ts';

let run: Awaited<ReturnType<typeof runFolder>>;
let bundle: string;
let signedDir: string;
const keys = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    signing: signingKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'a test key'),
    publicKey,
  };
};
const signer = keys();
const stranger = keys();

before(async () => {
  run = await runFolder(['--tags', '@NRLS-CREATE-005', '--fault', 'location-path-form']);
  bundle = join(run.dir, 'evidence.tar.gz');
  signedDir = mkdtempSync(join(tmpdir(), 'nrls-signed-'));
  cpSync(run.dir, signedDir, { recursive: true });
  writeEvidenceBundle(signedDir, { signingKey: signer.signing, faults: ['location-path-form'] });
});
after(() => {
  run?.cleanup();
  rmSync(signedDir, { recursive: true, force: true });
});

const problemsOf = (path: string, publicKey?: Parameters<typeof verifyBundle>[1]) =>
  verifyBundle(readBundle(path), publicKey).problems;

describe('evidence bundle: written by every run, verified', () => {
  it('an untouched bundle verifies, and lists every file of the run folder with the run and the harness', () => {
    const result = verifyBundle(readBundle(bundle));
    assert.deepEqual(result.problems, []);
    const manifest = result.manifest!;
    const assurance = JSON.parse(readFileSync(join(run.dir, 'assurance.json'), 'utf8')) as AssuranceRun;
    assert.deepEqual(manifest.run, assurance.run);
    assert.equal(result.verdict, 'not conformant');
    assert.deepEqual(manifest.options.faults, ['location-path-form']);
    assert.match(manifest.harness.sha256, /^[0-9a-f]{64}$/);
    assert.match(manifest.harness.covers, /features\/\*\*\/\*\.feature, steps\/\*\*\/\*\.ts, spec\/nrls-api-1\.2\.md/);
    for (const file of ['assurance.json', 'assurance.html', 'messages.ndjson', 'preflight.json', 'nrls-api-1.2.md'])
      assert.ok(
        manifest.files.some((entry) => entry.path === file),
        `${file} is in the manifest`,
      );
    assert.ok(!manifest.files.some((entry) => entry.path === 'evidence.tar.gz'), 'not the bundle itself');
    assert.equal(result.signedBy, undefined);
  });

  it('a byte changed anywhere in any bundled file is named: changed: FILE', () => {
    const { files } = unpack(readFileSync(bundle));
    assert.ok(files.size >= 9, `a real run's files (${[...files.keys()].join(', ')})`);
    for (const [path, data] of files) {
      for (const at of [0, Math.floor(data.length / 2), data.length - 1]) {
        const edited = editedBundle(bundle, (all) => {
          const copy = Buffer.from(data);
          copy[at] = copy[at]! ^ 0x01;
          all.set(path, copy);
        });
        const problems = problemsOf(edited);
        assert.ok(
          problems.some(
            (line) =>
              line === `changed: ${path}` ||
              [`changed: ${path} (`, `broken chain: ${path},`].some((named) => line.startsWith(named)),
          ),
          `byte ${at} of ${path}: ${problems.join('; ')}`,
        );
      }
    }
  });

  it('an added file and a removed file are named', () => {
    const added = editedBundle(bundle, (files) => files.set('notes.txt', Buffer.from('all fine\n')));
    assert.deepEqual(problemsOf(added), ['added: notes.txt']);
    const removed = editedBundle(bundle, (files) => files.delete('preflight.json'));
    assert.deepEqual(problemsOf(removed), ['missing: preflight.json']);
  });

  it('a file edited with its hash updated, the chain left alone, breaks the chain', () => {
    const edited = editedBundle(bundle, (files) => {
      const manifest = JSON.parse(files.get(MANIFEST_FILE)!.toString('utf8')) as EvidenceManifest;
      manifest.target.name = 'a real NRLS';
      files.set(MANIFEST_FILE, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
    });
    assert.deepEqual(problemsOf(edited), [
      'broken chain: manifest.json, at the identity fields or the entry of assurance.html',
    ]);
  });

  it("the issue's edit of messages.ndjson, with every hash and the chain recomputed, is caught by the rebuild", () => {
    const forged = editedBundle(
      bundle,
      (files) => files.set('messages.ndjson', passEveryCheck(files.get('messages.ndjson')!)),
      {
        recompute: true,
      },
    );
    assert.deepEqual(problemsOf(forged).slice(0, 1), [
      'assurance.json does not match its messages: verdict PARTIAL vs NOT CONFORMANT',
    ]);
    assert.ok(
      problemsOf(forged).some((line) =>
        /^assurance\.json does not match its messages: requirements NRLS-CREATE-007 passed vs failed/.test(line),
      ),
    );
  });

  it('and so is the other way round: assurance.json made to pass, the chain recomputed', () => {
    const forged = editedBundle(
      bundle,
      (files) => {
        const report = JSON.parse(files.get('assurance.json')!.toString('utf8')) as AssuranceRun;
        report.verdict = 'partial';
        files.set('assurance.json', Buffer.from(JSON.stringify(report, null, 2)));
      },
      { recompute: true },
    );
    assert.deepEqual(problemsOf(forged), [
      'assurance.json does not match its messages: verdict NOT CONFORMANT vs PARTIAL',
    ]);
  });
});

describe('evidence bundle: signed with Ed25519', () => {
  const signedBundle = () => join(signedDir, 'evidence.tar.gz');
  const given = (key: typeof signer) => ({ key: key.publicKey, source: 'the test key' });

  it('verifies with the right public key, and says whose it is without one', () => {
    assert.deepEqual(problemsOf(signedBundle(), given(signer)), []);
    const result = verifyBundle(readBundle(signedBundle()));
    assert.equal(result.signedBy, signer.signing.fingerprint);
    assert.deepEqual(result.manifest!.options.faults, ['location-path-form']);
  });

  it('fails with another public key, and an unsigned bundle fails when a key is given', () => {
    assert.match(
      problemsOf(signedBundle(), given(stranger)).join('\n'),
      /^bad signature: manifest\.sig is not a signature by/,
    );
    assert.deepEqual(problemsOf(bundle, given(signer)), [
      'not signed: the bundle is hash-chained only, and the test key was given',
    ]);
  });

  it('a byte changed in manifest.sig is named: bad signature: manifest.sig', () => {
    const signature = unpack(readFileSync(signedBundle())).files.get(SIGNATURE_FILE)!;
    for (const at of [0, 43, signature.length - 1]) {
      const edited = editedBundle(signedBundle(), (files) => {
        const copy = Buffer.from(signature);
        copy[at] = copy[at]! ^ 0x01;
        files.set(SIGNATURE_FILE, copy);
      });
      assert.match(problemsOf(edited, given(signer)).join('\n'), /^bad signature: manifest\.sig /, `byte ${at}`);
    }
  });

  it('a recomputed chain does not pass the signature, nor a removed signature', () => {
    const rechained = editedBundle(signedBundle(), (files) => files.set('preflight.json', Buffer.from('[]\n')), {
      recompute: true,
    });
    assert.match(
      problemsOf(rechained).join('\n'),
      /^bad signature: manifest\.sig is not a signature of manifest\.json/,
    );
    const unsigned = editedBundle(signedBundle(), (files) => files.delete(SIGNATURE_FILE));
    assert.match(problemsOf(unsigned).join('\n'), /^missing: manifest\.sig/);
  });
});
