// The redaction canary: secrets planted in the target profile (an extra header, the consumer's
// requesting_user from the environment, the provider's from a file) are used by the run (the JWT
// claims, a header, a response that echoes one) and must appear in no file of the run's folder, in any
// encoding a report could carry them in.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli, startMockProcess } from '../support/cli.ts';

const CANARIES = {
  header: 'canary-header-7d41c2e8',
  consumerUser: 'https://fhir.nhs.uk/Id/sds-role-profile-id|canary-user-93be1f02',
  providerUser: 'https://fhir.nhs.uk/Id/sds-role-profile-id|canary-file-5a1e77c4',
};

function encodings(secret: string): string[] {
  return [
    secret,
    JSON.stringify(secret).slice(1, -1),
    encodeURIComponent(secret),
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('base64url'),
    secret.split('|')[1] ?? secret, // the value part alone
  ];
}

describe('redaction canary', () => {
  it('no planted secret appears in any file of the run folder', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'nrls-canary-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const { baseUrl } = await startMockProcess(t);
    writeFileSync(join(dir, 'provider-user.txt'), `${CANARIES.providerUser}\n`);
    writeFileSync(
      join(dir, 'target.json'),
      JSON.stringify({
        name: 'canary target',
        baseUrl,
        spineAsid: '999999999999',
        consumer: { asid: '200000000115', ods: 'AMS01', user: { env: 'NRLS_CANARY_USER' } },
        provider: { asid: '200000000118', ods: 'MHT01', user: { file: 'provider-user.txt' } },
        secondProvider: { asid: '200000000119', ods: 'RR8' },
        patients: { knownWithoutPointers: '2686033207', unknown: '9000000033' },
        headers: { 'X-Canary': { env: 'NRLS_CANARY_HEADER' } },
      }),
    );
    const out = join(dir, 'reports');
    const exit = await runCli(['run', '--quiet', '--target', join(dir, 'target.json'), '--tags', '@area-jwt or @area-headers or @area-supersede', '--out', out], {
      env: { NRLS_CANARY_USER: CANARIES.consumerUser, NRLS_CANARY_HEADER: CANARIES.header },
    });
    assert.equal(exit.code, 0, exit.stdout + exit.stderr);
    const [runDir] = readdirSync(out).filter((name) => name !== 'latest');
    const files = readdirSync(join(out, runDir!));
    assert.ok(files.length >= 7, files.join(', '));
    let marks = 0;
    for (const file of files) {
      const text = readFileSync(join(out, runDir!, file), 'utf8');
      for (const [name, secret] of Object.entries(CANARIES)) {
        for (const form of encodings(secret)) assert.ok(!text.includes(form), `${file} contains the ${name} canary as ${JSON.stringify(form)}`);
      }
      marks += text.split('[REDACTED secret ').length - 1;
    }
    // The secrets were really used, and shown as marks: in headers, in decoded JWT claims, in an echoing response.
    assert.ok(marks > 100, `only ${marks} redaction marks`);
    const run = readFileSync(join(out, runDir!, 'assurance.json'), 'utf8');
    assert.match(run, /"X-Canary": "\[REDACTED secret headers\.X-Canary\]"/);
    assert.match(run, /"requesting_user": "\[REDACTED secret consumer\.user\]"/);
    assert.match(run, /"requesting_user": "\[REDACTED secret provider\.user\]"/);
    assert.match(run, /"Authorization": "Bearer \[REDACTED\]"/);
    assert.deepEqual((JSON.parse(run) as { redactedSecrets: string[] }).redactedSecrets.sort(), ['consumer.user', 'headers.X-Canary', 'provider.user']);
  });
});
