// The redaction canary: a secret planted in every place a target profile can hold one (a plain-string
// header, an {env} header, a {file} header, the consumer's requesting_user from the environment, the
// provider's from a file, the TLS key, and a user:password in the baseUrl) must appear in no file of the
// run's folder, nor on the CLI's stdout or stderr, in any encoding a report could carry it in. The run
// really uses them (the headers go on every request, the users in JWT claims), their marks show it, and
// a header marked public is shown as it is.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { profileFor } from '../support/profile.ts';
import type { Exit } from '../support/cli.ts';
import { runCli, startMockProcess } from '../support/cli.ts';

const SDS = 'https://fhir.nhs.uk/Id/sds-role-profile-id|';
const URL_USER = 'canary-url-user-61d0f3';
const URL_PASSWORD = 'canary/pw@e4c7 a9b3';
const URL_USERINFO = `${URL_USER}:${encodeURIComponent(URL_PASSWORD)}`;

/** Each with characters that change under some encoding: <&"' for HTML, | / + = @ and space for URLs and base64. */
const CANARIES = {
  'headers.X-Api-Key': 'canary-plain <&"\'> 41f0c3d9',
  'headers.X-Canary-Env': 'canary-env+header=7d41c2e8',
  'headers.X-Canary-File': 'canary-file/header|b8e2a6f1',
  'consumer.user': `${SDS}canary-user-93be1f02`,
  'provider.user': `${SDS}canary-file-5a1e77c4`,
  'tls.key': 'Y2FuYXJ5LXRscy1rZXktYzBmZmVlNTY3ODkw',
  'baseUrl.userinfo': `${URL_USER}:${URL_PASSWORD}`,
  'baseUrl.userinfo as written': URL_USERINFO,
  'baseUrl.password': URL_PASSWORD,
  // Not secret on its own, but never sent and taken out of every URL, so it must not appear either.
  'baseUrl user name': URL_USER,
};
const PUBLIC_HEADER = { name: 'X-Trace', value: 'public-trace-0c9d7e21' };
const TLS_KEY = `-----BEGIN PRIVATE KEY-----\n${CANARIES['tls.key']}\n-----END PRIVATE KEY-----\n`;

const html = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
const json = (text: string) => JSON.stringify(text).slice(1, -1);

/** Every form a report file could carry a secret in. */
function encodings(secret: string): [string, string][] {
  const forms: [string, string][] = [
    ['raw', secret],
    ['JSON-escaped', json(secret)],
    ['JSON-escaped twice', json(json(secret))],
    ['HTML-escaped', html(secret)],
    ['HTML-escaped JSON', html(json(secret))],
    ['URL-encoded', encodeURIComponent(secret)],
    ['form-encoded', new URLSearchParams([['', secret]]).toString().slice(1)],
    ['base64', Buffer.from(secret).toString('base64')],
    ['base64url', Buffer.from(secret).toString('base64url')],
    ['cucumber.html script', json(json(secret)).replace(/</g, '\\x3C')],
  ];
  if (secret.startsWith(SDS)) forms.push(['value part alone', secret.slice(SDS.length)]);
  return forms;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return entry.isFile() ? [path] : []; // `latest` is a link to the run folder, read once through it
  });
}

function assertNoCanary(where: string, text: string): void {
  for (const [name, secret] of Object.entries(CANARIES)) {
    for (const [encoding, form] of encodings(secret))
      assert.ok(!text.includes(form), `${where} contains the ${name} canary ${encoding}: ${JSON.stringify(form)}`);
  }
}

/** Every file under `out`, and the CLI's output: no canary in any form; answers the marks per secret name. */
function checkRun(out: string, exit: Exit): { files: string[]; marks: Map<string, number> } {
  assertNoCanary('stdout', exit.stdout);
  assertNoCanary('stderr', exit.stderr);
  const files = filesUnder(out).map((path) => relative(out, path));
  const marks = new Map<string, number>();
  for (const file of files) {
    const text = readFileSync(join(out, file), 'utf8');
    assertNoCanary(file, text);
    for (const [, name] of text.matchAll(/\[REDACTED secret ([^\]]+)\]/g))
      marks.set(name!, (marks.get(name!) ?? 0) + 1);
  }
  return { files, marks };
}

const CANARY_PROFILE = (baseUrl: string) => profileFor(baseUrl, 'canary target');

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'nrls-canary-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('redaction canary', () => {
  it('no secret planted in the profile appears in any file of the run folder or on the console', async (t) => {
    const dir = tempDir(t);
    const { baseUrl } = await startMockProcess(t);
    writeFileSync(join(dir, 'provider-user.txt'), `${CANARIES['provider.user']}\n`);
    writeFileSync(join(dir, 'header.txt'), `${CANARIES['headers.X-Canary-File']}\n`);
    writeFileSync(join(dir, 'client.key'), TLS_KEY); // over http:// the key is loaded but not used
    writeFileSync(
      join(dir, 'target.json'),
      JSON.stringify({
        ...CANARY_PROFILE(baseUrl.replace('http://', `http://${URL_USERINFO}@`)),
        consumer: { asid: '200000000115', ods: 'AMS01', user: { env: 'NRLS_CANARY_USER' } },
        provider: { asid: '200000000118', ods: 'MHT01', user: { file: 'provider-user.txt' } },
        tls: { key: 'client.key' },
        headers: {
          'X-Api-Key': CANARIES['headers.X-Api-Key'],
          'X-Canary-Env': { env: 'NRLS_CANARY_HEADER' },
          'X-Canary-File': { file: 'header.txt' },
          [PUBLIC_HEADER.name]: { value: PUBLIC_HEADER.value, public: true },
        },
      }),
    );
    const out = join(dir, 'reports');
    // JWT scenarios send the consumer's and the providers' tokens, supersede ones the provider's; every
    // request carries the extra headers.
    const exit = await runCli(
      [
        'run',
        '--quiet',
        '--target',
        join(dir, 'target.json'),
        '--tags',
        '@area-jwt or @area-headers or @area-supersede',
        '--out',
        out,
      ],
      {
        env: { NRLS_CANARY_USER: CANARIES['consumer.user'], NRLS_CANARY_HEADER: CANARIES['headers.X-Canary-Env'] },
      },
    );
    assert.equal(exit.code, 0, exit.stdout + exit.stderr);
    assert.match(exit.stderr, /warning: .*target\.json: baseUrl has a user name or password: it is not sent/);

    const { files, marks } = checkRun(out, exit);
    const [runDir] = readdirSync(out).filter((name) => name !== 'latest');
    for (const file of [
      'assurance.html',
      'assurance.json',
      'assurance.schema.json',
      'cucumber.html',
      'cucumber.json',
      'cucumber-junit.xml',
      'messages.ndjson',
      'preflight.json',
    ]) {
      assert.ok(files.includes(join(runDir!, file)), `${file} was written and checked (${files.join(', ')})`);
    }
    // The secrets were really used, and shown as marks: the headers on every request, the users in JWT claims.
    for (const name of [
      'headers.X-Api-Key',
      'headers.X-Canary-Env',
      'headers.X-Canary-File',
      'consumer.user',
      'provider.user',
    ]) {
      assert.ok((marks.get(name) ?? 0) > 20, `${name}: ${marks.get(name) ?? 0} marks`);
    }
    const text = readFileSync(join(out, runDir!, 'assurance.json'), 'utf8');
    for (const header of ['X-Api-Key', 'X-Canary-Env', 'X-Canary-File'])
      assert.ok(text.includes(`"${header}": "[REDACTED secret headers.${header}]"`), header);
    assert.match(text, /"requesting_user": "\[REDACTED secret consumer\.user\]"/);
    assert.match(text, /"requesting_user": "\[REDACTED secret provider\.user\]"/);
    assert.match(text, /"Authorization": "Bearer \[REDACTED\]"/);
    // A public header is evidence like any other.
    assert.ok(text.includes(`"${PUBLIC_HEADER.name}": "${PUBLIC_HEADER.value}"`), 'the public header is shown');
    const run = JSON.parse(text) as { run: { target: { baseUrl: string } }; redactedSecrets: string[] };
    assert.equal(run.run.target.baseUrl, baseUrl, 'the run identity names the base URL without its userinfo');
    assert.deepEqual(run.redactedSecrets.sort(), [
      'baseUrl.password',
      'baseUrl.userinfo',
      'consumer.user',
      'headers.X-Api-Key',
      'headers.X-Canary-Env',
      'headers.X-Canary-File',
      'provider.user',
      'tls.key',
    ]);
    // Every exchange went to the base URL without userinfo.
    const urls = [...text.matchAll(/"url": "([^"]+)"/g)].map(([, url]) => url!);
    assert.ok(
      urls.length > 20 && urls.every((url) => url.startsWith(`${baseUrl}/`)),
      urls.find((url) => !url.startsWith(`${baseUrl}/`)),
    );
  });

  it("a preflight refusal that echoes the consumer's user: not on stderr, not in preflight.json", async (t) => {
    const dir = tempDir(t);
    const { baseUrl } = await startMockProcess(t);
    // Not of the form system|value: the mock refuses it and quotes it in its diagnostics.
    const user = 'canary-bad-user-2f9a61c7';
    writeFileSync(
      join(dir, 'target.json'),
      JSON.stringify({
        ...CANARY_PROFILE(baseUrl),
        consumer: { asid: '200000000115', ods: 'AMS01', user: { env: 'NRLS_CANARY_USER' } },
      }),
    );
    const out = join(dir, 'reports');
    const exit = await runCli(['run', '--quiet', '--target', join(dir, 'target.json'), '--out', out], {
      env: { NRLS_CANARY_USER: user },
    });
    assert.equal(exit.code, 2, exit.stdout + exit.stderr);
    assert.match(
      exit.stderr,
      /preflight: consumer\.user: the target refused the consumer's identity: .*\[REDACTED secret consumer\.user\]/,
    );
    for (const [where, text] of [
      ['stdout', exit.stdout],
      ['stderr', exit.stderr],
      ...filesUnder(out).map((file) => [file, readFileSync(file, 'utf8')]),
    ]) {
      assert.ok(!text!.includes(user), `${where} contains the user`);
    }
  });

  it('--target URL: a user:password in it is not sent and appears nowhere', async (t) => {
    const dir = tempDir(t);
    const { baseUrl } = await startMockProcess(t);
    const out = join(dir, 'reports');
    const exit = await runCli([
      'run',
      '--quiet',
      '--target',
      `${baseUrl.replace('http://', `http://${URL_USERINFO}@`)}/`,
      '--tags',
      '@area-headers',
      '--out',
      out,
    ]);
    assert.equal(exit.code, 0, exit.stdout + exit.stderr);
    assert.match(exit.stderr, /warning: --target: baseUrl has a user name or password: it is not sent/);
    const { files } = checkRun(out, exit);
    assert.ok(files.length >= 8, files.join(', '));
    const run = JSON.parse(readFileSync(join(out, 'latest', 'assurance.json'), 'utf8')) as {
      run: { target: { name: string; baseUrl: string } };
      redactedSecrets: string[];
    };
    assert.deepEqual(run.run.target, { name: `${baseUrl}/`, baseUrl, embeddedMock: false });
    assert.deepEqual(run.redactedSecrets.sort(), ['baseUrl.password', 'baseUrl.userinfo']);
  });
});
