// `nrls-conformance run` and `init` as a user runs them: exit codes with one-line reasons, reports
// written, and the same verdicts in-process and over real HTTP.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import type { AssuranceRun } from '../../src/report/model.ts';
import { loadTargetProfile } from '../../src/target/profile.ts';
import { ROOT, runCli, startMockProcess } from '../support/cli.ts';
import { profileFor } from '../support/profile.ts';

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'nrls-run-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const readRun = (out: string): AssuranceRun =>
  JSON.parse(readFileSync(join(out, 'latest', 'assurance.json'), 'utf8')) as AssuranceRun;
const lastLineOf = (text: string) => text.trim().split('\n').pop() ?? '';

const PROFILE = profileFor('http://127.0.0.1:9');

describe('nrls-conformance run: configuration errors exit 2 with a reason naming the problem', () => {
  const CASES: [string, (dir: string) => string[], RegExp][] = [
    [
      'a profile that does not exist',
      (dir) => ['--target', join(dir, 'nope.json')],
      /bad target profile: .*nope\.json: cannot be read \(ENOENT\)/,
    ],
    [
      'a profile that is not JSON',
      (dir) => {
        writeFileSync(join(dir, 'p.json'), '{ "baseUrl": ');
        return ['--target', join(dir, 'p.json')];
      },
      /p\.json: not valid JSON/,
    ],
    [
      'a profile without the consumer user',
      (dir) => {
        writeFileSync(
          join(dir, 'p.json'),
          JSON.stringify({ ...PROFILE, consumer: { asid: '200000000115', ods: 'AMS01' } }),
        );
        return ['--target', join(dir, 'p.json')];
      },
      /p\.json: consumer\.user is missing/,
    ],
    [
      'a profile with an invalid NHS number',
      (dir) => {
        writeFileSync(
          join(dir, 'p.json'),
          JSON.stringify({ ...PROFILE, patients: { knownWithoutPointers: '9876543211', unknown: '9000000033' } }),
        );
        return ['--target', join(dir, 'p.json')];
      },
      /patients\.knownWithoutPointers 9876543211 is not a valid NHS number/,
    ],
    [
      'a secret from an environment variable that is not set',
      (dir) => {
        writeFileSync(
          join(dir, 'p.json'),
          JSON.stringify({ ...PROFILE, headers: { 'X-Api-Key': { env: 'NRLS_TEST_NOT_SET' } } }),
        );
        return ['--target', join(dir, 'p.json')];
      },
      /headers\.X-Api-Key names environment variable NRLS_TEST_NOT_SET, which is not set/,
    ],
    [
      'an inline secret where a source object belongs',
      (dir) => {
        writeFileSync(join(dir, 'p.json'), JSON.stringify({ ...PROFILE, tls: { key: 12 } }));
        return ['--target', join(dir, 'p.json')];
      },
      /tls\.key must be string/,
    ],
    ['an unknown option', () => ['--bogus'], /Unknown option '--bogus'/],
    ['a parallel count that is not a number', () => ['--parallel', 'many'], /--parallel must be an integer/],
  ];
  for (const [name, args, reason] of CASES) {
    it(name, async (t) => {
      const exit = await runCli(['run', ...args(tempDir(t))]);
      assert.equal(exit.code, 2, exit.stderr);
      assert.match(exit.stderr.trim(), reason);
      assert.equal(exit.stderr.trim().split('\n').length, 1, 'one line');
    });
  }
});

describe('nrls-conformance run against a target that is down', () => {
  it('exits 3 with "target unreachable" and writes no report', async (t) => {
    const out = tempDir(t);
    const exit = await runCli(['run', '--target', 'http://127.0.0.1:9', '--out', out]);
    assert.equal(exit.code, 3, exit.stderr);
    assert.match(exit.stderr, /^nrls-conformance run: target unreachable: http:\/\/127\.0\.0\.1:9: ECONNREFUSED/);
    assert.ok(!existsSync(join(out, 'latest')));
  });
});

describe('nrls-conformance run against a non-conformant target', () => {
  it('exits 1, names the failures, and writes every report', async (t) => {
    // A faulty mock process over --target: its deletes answer 204 with no body (NRLS-DELETE-006/007).
    const { baseUrl } = await startMockProcess(t, ['--fault', 'delete-answers-204']);
    const out = tempDir(t);
    const exit = await runCli(['run', '--target', baseUrl, '--tags', '@area-delete', '--out', out]);
    assert.equal(exit.code, 1, exit.stderr);
    assert.match(exit.stdout, /✖ \[delete\]/);
    assert.match(exit.stdout, /^ {2}D1 defect NRLS-DELETE-00[67]/m);
    assert.match(exit.stdout, /verdict: NOT CONFORMANT/);
    const run = readRun(out);
    assert.equal(run.verdict, 'not conformant');
    assert.equal(
      run.run.tagFilter,
      '(@area-delete) and not @two-record-types',
      'the filter that ran: a one-record-type target leaves out @two-record-types',
    );
    assert.ok(run.scenarioTotals.failed > 0);
    assert.ok(run.requirements.some((row) => row.id === 'NRLS-DELETE-006' && row.status === 'failed'));
    assert.ok(run.requirements.some((row) => row.id === 'NRLS-CREATE-011' && row.status === 'not run'));
    for (const file of [
      'assurance.html',
      'assurance.json',
      'assurance.schema.json',
      'nrls-api-1.2.md',
      'cucumber.html',
      'cucumber-junit.xml',
      'cucumber.json',
      'messages.ndjson',
      'preflight.json',
    ]) {
      assert.ok(existsSync(join(out, 'latest', file)), file);
    }
    // The catalogue the run was judged against, beside the page that links to it.
    assert.equal(
      readFileSync(join(out, 'latest', 'nrls-api-1.2.md'), 'utf8'),
      readFileSync(join(ROOT, 'spec', 'nrls-api-1.2.md'), 'utf8'),
    );
    assert.ok(
      readFileSync(join(out, 'latest', 'assurance.html'), 'utf8').includes(
        'requirement catalogue: <a href="nrls-api-1.2.md">nrls-api-1.2.md</a>',
      ),
    );
    assert.equal(readlinkSync(join(out, 'latest')), run.run.id);
  });
});

describe('nrls-conformance run: the same verdicts in-process and over real HTTP', () => {
  it(
    'the full suite against a separate mock process gives the ' +
      'same result per scenario as against the embedded mock',
    async (t) => {
      const [inProcessOut, remoteOut] = [tempDir(t), tempDir(t)];
      const { baseUrl } = await startMockProcess(t);
      const [inProcess, remote] = await Promise.all([
        runCli(['run', '--quiet', '--out', inProcessOut]),
        runCli(['run', '--quiet', '--target', baseUrl, '--out', remoteOut]),
      ]);
      assert.equal(inProcess.code, 0, inProcess.stdout + inProcess.stderr);
      assert.equal(remote.code, 0, remote.stdout + remote.stderr);
      const statuses = (run: AssuranceRun) =>
        Object.fromEntries(run.scenarios.map((scenario) => [scenario.id, scenario.status]));
      const [a, b] = [readRun(inProcessOut), readRun(remoteOut)];
      assert.equal(a.run.target.embeddedMock, true);
      assert.equal(b.run.target.embeddedMock, false);
      assert.ok(a.scenarios.length > 200);
      assert.deepEqual(statuses(b), statuses(a));
      assert.deepEqual(b.requirementTotals, a.requirementTotals);
      // The report paths, then the evidence bundle written last (issue 13, point 1).
      assert.match(
        inProcess.stdout,
        /\(and Cucumber's html, junit, json and messages in the same folder\)\nevidence: \S+evidence\.tar\.gz /,
      );
      assert.match(lastLineOf(inProcess.stdout), /^evidence: .*\(unsigned, hash-chained; check with/);
    },
  );
});

describe('nrls-conformance init', () => {
  it('writes a commented example profile that loads once its secret is set, and never overwrites', async (t) => {
    const dir = tempDir(t);
    const first = await runCli(['init', 'target.json'], { cwd: dir });
    assert.equal(first.code, 0, first.stderr);
    const text = readFileSync(join(dir, 'target.json'), 'utf8');
    assert.match(text, /^\/\/ nrls-conformance target profile/);
    process.env.NRLS_CONSUMER_USER = 'https://fhir.nhs.uk/Id/sds-role-profile-id|555021935107';
    t.after(() => delete process.env.NRLS_CONSUMER_USER);
    const target = loadTargetProfile(join(dir, 'target.json'));
    assert.equal(target.consumer.user, process.env.NRLS_CONSUMER_USER);
    assert.deepEqual(
      target.secrets.map((secret) => secret.name),
      ['consumer.user'],
    );
    const again = await runCli(['init', 'target.json'], { cwd: dir });
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already exists; not overwritten/);
  });
});
