// `nrls-conformance assure-client` as a supplier runs it: a bad driver file or option is one line and exit 2;
// a correct client is CONFORMANT over its whole role and PARTIAL (never conformant) over a tag selection.
// The client is a tiny correct one this file writes (FAKE_CLIENT): another client than the example one
// (test/examples/client-defect-matrix.test.ts judges that), so the scenarios assume nothing of either.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runClientSuite } from '../../src/runner/run-suite.ts';
import { spawnCli } from '../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'assure-client-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const FAKE_CLIENT = `// A tiny, correct NRLS client: \`node fake-client.mjs ACTION BASE …\`, identity
// from the env (CLIENT_ASID, CLIENT_ODS, CLIENT_USER), success as exit 0 and a JSON last line.
const [action, base, ...args] = process.argv.slice(2);
const asid = process.env.CLIENT_ASID;
const ods = process.env.CLIENT_ODS;
const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const iat = Math.floor(Date.now() / 1000);
const claims = {
  iss: 'https://fake-client.example',
  sub: process.env.CLIENT_USER ?? \`https://fhir.nhs.uk/Id/accredited-system|\${asid}\`,
  aud: \`\${base}/DocumentReference\`,
  exp: iat + 300,
  iat,
  reason_for_request: 'directcare',
  scope: \`patient/DocumentReference.\${action === 'search' ? 'read' : 'write'}\`,
  requesting_system: \`https://fhir.nhs.uk/Id/accredited-system|\${asid}\`,
  requesting_organization: \`https://fhir.nhs.uk/Id/ods-organization-code|\${ods}\`,
  ...(process.env.CLIENT_USER ? { requesting_user: process.env.CLIENT_USER } : {}),
};
const headers = {
  Authorization: \`Bearer \${b64({ alg: 'none', typ: 'JWT' })}.\${b64(claims)}.\`,
  fromASID: asid,
  toASID: '999999999999',
  Accept: 'application/fhir+json',
};
const patient = (nhs) => \`https://demographics.spineservices.nhs.uk/STU3/Patient/\${nhs}\`;
const org = (code) => \`https://directory.spineservices.nhs.uk/STU3/Organization/\${code}\`;
function pointer(nhs, system, value, replaces) {
  const now = new Date().toISOString();
  return {
    resourceType: 'DocumentReference',
    masterIdentifier: { system, value },
    status: 'current',
    type: { coding: [{ system: 'http://snomed.info/sct', code: '736253002', display: 'Mental health crisis plan' }] },
    subject: { reference: patient(nhs) },
    indexed: now,
    author: [{ reference: org(ods) }],
    custodian: { reference: org(ods) },
    ...(replaces ? { relatesTo: [{ code: 'replaces', target: { identifier: { system, value: replaces } } }] } : {}),
    content: [{ attachment: { contentType: 'application/pdf', url: 'https://example.org/plan.pdf', creation: now } }],
  };
}
const finish = (ok, report) => {
  console.log(JSON.stringify(report));
  process.exit(ok ? 0 : 1);
};
try {
  const signal = AbortSignal.timeout(3000);
  if (action === 'create' || action === 'supersede') {
    const [nhs, system, value, replaces] = args;
    const body = JSON.stringify(pointer(nhs, system, value, action === 'supersede' ? replaces : undefined));
    const url = \`\${base}/DocumentReference\`;
    const post = { method: 'POST', headers: { ...headers, 'Content-Type': 'application/fhir+json' }, body, signal };
    const answer = await fetch(url, post);
    const id = /[?&]_id=([^&]+)/.exec(answer.headers.get('location') ?? '')?.[1];
    const outcome = action === 'create' ? 'created' : 'superseded';
    if (answer.status === 201) finish(true, { outcome, pointerId: id });
    finish(false, { outcome: 'error', message: \`HTTP \${answer.status}\` });
  } else if (action === 'delete') {
    const url = \`\${base}/DocumentReference?_id=\${encodeURIComponent(args[0])}\`;
    const answer = await fetch(url, { method: 'DELETE', headers, signal });
    const ok = answer.status === 200;
    finish(ok, { outcome: ok ? 'deleted' : 'error', message: \`HTTP \${answer.status}\` });
  } else if (action === 'search') {
    const url = \`\${base}/DocumentReference?subject=\${encodeURIComponent(patient(args[0]))}\`;
    const answer = await fetch(url, { headers, signal });
    const bundle = answer.status === 200 ? await answer.json() : undefined;
    const found = bundle?.resourceType === 'Bundle' && bundle.type === 'searchset';
    if (found) finish(true, { outcome: 'found', count: bundle.total });
    finish(false, { outcome: 'error', message: \`HTTP \${answer.status}\` });
  }
  finish(false, { outcome: 'error', message: \`unknown action \${action}\` });
} catch (error) {
  finish(false, { outcome: 'error', message: String(error?.message ?? error) });
}
`;
const CLIENT = join(dir, 'fake-client.mjs');
writeFileSync(CLIENT, FAKE_CLIENT);

const IDENTITY = {
  provider: { asid: '200000000118', ods: 'MHT01', env: { CLIENT_ASID: '200000000118', CLIENT_ODS: 'MHT01' } },
  consumer: {
    asid: '200000000115',
    ods: 'AMS01',
    env: {
      CLIENT_ASID: '200000000115',
      CLIENT_ODS: 'AMS01',
      CLIENT_USER: 'https://fhir.nhs.uk/Id/sds-role-profile-id|555021935107',
    },
  },
};

function driverFor(role: 'provider' | 'consumer', name = `${role}.json`): string {
  const client = (...args: string[]) => ({ command: ['node', CLIENT, ...args] });
  const actions =
    role === 'provider'
      ? {
          create: client('create', '{baseUrl}', '{nhsNumber}', '{masterIdentifierSystem}', '{masterIdentifierValue}'),
          supersede: client(
            'supersede',
            '{baseUrl}',
            '{nhsNumber}',
            '{masterIdentifierSystem}',
            '{masterIdentifierValue}',
            '{targetMasterIdentifierValue}',
          ),
          delete: client('delete', '{baseUrl}', '{pointerId}'),
          search: client('search', '{baseUrl}', '{nhsNumber}'),
        }
      : { search: client('search', '{baseUrl}', '{nhsNumber}') };
  const { env, ...system } = IDENTITY[role];
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ role, system, timeoutMs: 15000, env, actions }));
  return file;
}

const assure = (...args: string[]) =>
  spawnCli(['assure-client', '--out', join(dir, 'reports'), '--quiet', ...args]).exited;

describe('assure-client: bad usage is one line and exit 2', () => {
  it('a driver file with an unknown action names the file and the field', async () => {
    const file = join(dir, 'bad-driver.json');
    writeFileSync(
      file,
      JSON.stringify({
        role: 'provider',
        system: { asid: '200000000118', ods: 'MHT01' },
        actions: { read: { manual: 'x' } },
      }),
    );
    const exit = await assure('--role', 'provider', '--driver', file);
    assert.equal(exit.code, 2, exit.stderr);
    assert.equal(exit.stderr.trim().split('\n').length, 1, exit.stderr);
    assert.match(exit.stderr, /bad-driver\.json: actions\.read: unknown action/);
    assert.doesNotMatch(exit.stderr, /\bat .+:\d+:\d+/, 'no stack trace');
  });

  it('a driver for the other role, and a missing --role, are refused', async () => {
    const mismatch = await assure('--role', 'consumer', '--driver', driverFor('provider'));
    assert.equal(mismatch.code, 2);
    assert.match(mismatch.stderr, /provider\.json: role: is "provider" but --role is "consumer"/);
    const missing = await assure('--driver', driverFor('provider'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--role must be provider or consumer/);
  });

  it("--tags that select none of the role's scenarios are refused before the mock starts", async () => {
    const exit = await assure('--role', 'consumer', '--driver', driverFor('consumer'), '--tags', '@NRLS-DELETE-002');
    assert.equal(exit.code, 2, exit.stderr);
    assert.match(exit.stderr, /selects none of the \d+ consumer scenarios/);
    assert.doesNotMatch(exit.stdout, /mock NRLS for the system under test/);
  });
});

describe('the client scenarios', () => {
  it('every step of every client scenario is defined (a dry run)', async () => {
    const statuses: string[] = [];
    const pickles: string[] = [];
    await runClientSuite({
      tags: '',
      outDir: '',
      dryRun: true,
      worldParameters: {},
      onEnvelope: (envelope) => {
        if (envelope.pickle) pickles.push(envelope.pickle.uri);
        if (envelope.testStepFinished) statuses.push(envelope.testStepFinished.testStepResult.status);
      },
    });
    assert.ok(
      pickles.some((uri) => uri.endsWith('provider.feature')) &&
        pickles.some((uri) => uri.endsWith('consumer.feature')),
    );
    assert.ok(statuses.length > 0);
    assert.deepEqual([...new Set(statuses)], ['SKIPPED'], 'no undefined or ambiguous step');
  });
});

// These need the mock's inspector and the trigger table (issue 12's recording and triggers).

function latestFolder(): string {
  const reports = join(dir, 'reports');
  const folder = readdirSync(reports)
    .filter((name) => name !== 'latest')
    .sort()
    .at(-1)!;
  return join(reports, folder);
}

function latestReport(): { verdict: string; requirements: { id: string }[] } {
  return JSON.parse(readFileSync(join(latestFolder(), 'assurance.json'), 'utf8'));
}

describe('assure-client judging a correct client', { timeout: 600_000 }, () => {
  it('a tag selection that passes is PARTIAL, never CONFORMANT, and exits 0', async () => {
    const exit = await assure('--role', 'provider', '--driver', driverFor('provider'), '--tags', '@NRLS-DELETE-002');
    assert.equal(exit.code, 0, `${exit.stdout}\n${exit.stderr}`);
    assert.match(exit.stdout, /^mock NRLS for the system under test: http:\/\/127\.0\.0\.1:\d+/m);
    assert.match(exit.stdout, /^verdict: PASSED \(partial/m);
    assert.equal(latestReport().verdict, 'partial');
  });

  for (const role of ['provider', 'consumer'] as const) {
    it(`the whole ${role} role is CONFORMANT, judged on the client requirements only`, async () => {
      const exit = await assure('--role', role, '--driver', driverFor(role), '--trigger-delay', '1500');
      assert.equal(exit.code, 0, `${exit.stdout}\n${exit.stderr}`);
      assert.match(exit.stdout, /^verdict: CONFORMANT/m);
      const report = latestReport();
      assert.equal(report.verdict, 'conformant');
      // NRLS-CREATE-007 (the 201's Location) and NRLS-SEARCH-014 (the Bundle's shape) are the server's to keep.
      for (const server of ['NRLS-CREATE-007', 'NRLS-SEARCH-014'])
        assert.ok(!report.requirements.some((row) => row.id === server), `${server}, a server requirement, in scope`);
      // Its evidence bundle verifies: the report rebuilt from its messages with the role's scope matches.
      const verified = await spawnCli(['verify', latestFolder()]).exited;
      assert.equal(verified.code, 0, verified.stdout + verified.stderr);
      assert.match(verified.stdout, /verdict CONFORMANT/);
    });
  }
});
