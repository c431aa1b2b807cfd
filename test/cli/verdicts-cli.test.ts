// What a run's verdict may say, as a user meets it: one defect is one failed requirement and the
// scenarios it stopped are blocked; --spec-only makes our choices advisory; a partial run never says
// CONFORMANT; a tag expression that selects nothing or does not parse, and a profile whose identities the
// target refuses, are configuration errors (exit 2) naming what is wrong.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import type { AssuranceRun } from '../../src/report/model.ts';
import { ROOT, runCli, startMockProcess } from '../support/cli.ts';

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'nrls-verdicts-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const readRun = (out: string): AssuranceRun =>
  JSON.parse(readFileSync(join(out, 'latest', 'assurance.json'), 'utf8')) as AssuranceRun;
const row = (run: AssuranceRun, id: string) => run.requirements.find((requirement) => requirement.id === id)!;
const EMBEDDED = JSON.parse(readFileSync(join(ROOT, 'fixtures/targets/embedded-mock.json'), 'utf8')) as Record<
  string,
  unknown
>;

describe('attribution: one defect, one failed requirement', () => {
  it(
    'NRLS-CREATE-007: with the Location in the /DocumentReference/{id} form, only Location ' +
      'requirements fail; every scenario that needed a created pointer is blocked',
    async (t) => {
      const out = tempDir(t);
      const exit = await runCli(['run', '--quiet', '--fault', 'location-path-form', '--out', out]);
      assert.equal(exit.code, 1, exit.stderr);
      const run = readRun(out);
      const failed = run.requirements
        .filter((requirement) => requirement.status === 'failed')
        .map((requirement) => requirement.id);
      assert.ok(failed.length > 0);
      for (const id of failed)
        assert.ok(
          ['NRLS-CREATE-007', 'NRLS-SUPERSEDE-009', 'NRLS-ID-007', 'NRLS-GEN-004'].includes(id),
          `${id} failed`,
        );
      assert.ok(run.scenarioTotals.blocked >= 100, `${run.scenarioTotals.blocked} scenarios blocked`);
      const [defect] = run.defects;
      assert.deepEqual(defect!.about, ['NRLS-CREATE-007']);
      assert.equal(defect!.blockedScenarios.length, run.scenarioTotals.blocked, 'one defect blocked them all');
      assert.ok(
        run.scenarios
          .filter((scenario) => scenario.status === 'blocked')
          .every((scenario) => scenario.blockedBy === defect!.id),
      );
      assert.equal(row(run, 'NRLS-DELETE-002').status, 'blocked');
      assert.deepEqual(row(run, 'NRLS-DELETE-002').defects, [defect!.id]);
      assert.equal(
        row(run, 'NRLS-UNSUP-002').status,
        'blocked',
        'a requirement its scenarios never reached is not failed',
      );
      assert.match(
        exit.stdout,
        new RegExp(
          `^  ${defect!.id} defect NRLS-CREATE-007: Location in the \\?_id= form: ` +
            `.*; failed \\d+ scenarios?, blocked ${defect!.blockedScenarios.length}$`,
          'm',
        ),
      );
      assert.match(exit.stdout, /verdict: NOT CONFORMANT: 1 requirement failed, from 1 defect;/);
      // The report rebuilt from messages.ndjson alone (the check records in it) says the same.
      const rebuilt = await runCli(['report', join(out, 'latest')]);
      assert.equal(rebuilt.code, 0, rebuilt.stderr);
      const again = readRun(out);
      assert.deepEqual(
        [again.verdict, again.defects, again.requirements.map((requirement) => requirement.status)],
        [run.verdict, run.defects, run.requirements.map((requirement) => requirement.status)],
      );
    },
  );
});

describe('--spec-only: our AMB choices and the mock recommendations are advisory', () => {
  it('a 400 where AMB-10 recommends 403 fails the full run, and is advisory under --spec-only', async (t) => {
    const [full, specOnly] = [tempDir(t), tempDir(t)];
    const [a, b] = await Promise.all([
      runCli(['run', '--quiet', '--fault', 'access-denied-as-400', '--tags', '@area-authorisation', '--out', full]),
      runCli([
        'run',
        '--quiet',
        '--spec-only',
        '--fault',
        'access-denied-as-400',
        '--tags',
        '@area-authorisation',
        '--out',
        specOnly,
      ]),
    ]);
    assert.equal(a.code, 1, a.stdout);
    assert.equal(row(readRun(full), 'NRLS-ERR-015').status, 'failed');
    assert.equal(b.code, 0, b.stdout + b.stderr);
    const run = readRun(specOnly);
    assert.equal(run.run.specOnly, true);
    assert.equal(run.verdict, 'partial');
    assert.equal(row(run, 'NRLS-ERR-015').status, 'advisory');
    assert.equal(row(run, 'NRLS-CREATE-002').status, 'passed', "the refusal itself is the spec's, and held");
    const [defect] = run.defects;
    assert.equal(defect!.outcome, 'advisory');
    assert.match(b.stdout, /advisory NRLS-ERR-015: the status of ACCESS_DENIED \(recommendation\)/);
  });

  it(
    'a normative rule broken is still failed under --spec-only, ' +
      'and the refusal facet is judged apart from the code',
    async (t) => {
      const out = tempDir(t);
      const exit = await runCli([
        'run',
        '--quiet',
        '--spec-only',
        '--fault',
        'supersede-ownership-unchecked',
        '--tags',
        '@area-supersede',
        '--out',
        out,
      ]);
      assert.equal(exit.code, 1, exit.stdout);
      const run = readRun(out);
      assert.equal(row(run, 'NRLS-SUPERSEDE-005').status, 'failed');
      assert.ok(
        run.defects.some(
          (defect) =>
            defect.outcome === 'failed' && defect.name === 'refused' && defect.about.includes('NRLS-SUPERSEDE-005'),
        ),
      );
    },
  );
});

describe('partial and empty runs never look like a pass', () => {
  it(
    '--tags @area-create passes as PARTIAL, never CONFORMANT; ' +
      'the rest of the matrix is "not run", not "no scenario"',
    async (t) => {
      const out = tempDir(t);
      const exit = await runCli(['run', '--quiet', '--tags', '@area-create', '--out', out]);
      assert.equal(exit.code, 0, exit.stderr);
      assert.doesNotMatch(exit.stdout, /CONFORMANT/);
      assert.match(
        exit.stdout,
        new RegExp(
          /^verdict: PASSED \(partial: \d+ of \d+ testable requirements /.source +
            /judged \(tags @area-create\); every selected scenario passed\)$/.source,
          'm',
        ),
      );
      const run = readRun(out);
      assert.equal(run.verdict, 'partial');
      assert.equal(run.run.userTags, '@area-create');
      assert.ok(run.judged.requirements < run.judged.testable);
      assert.equal(row(run, 'NRLS-SEARCH-011').status, 'not run');
      assert.equal(row(run, 'NRLS-SEARCH-011').reason, 'not selected by the tag filter');
      assert.ok(
        !run.requirements.some((requirement) => requirement.reason === 'no scenario proves it'),
        'every testable requirement has a scenario',
      );
      assert.ok(
        run.notRun.length > 100 &&
          run.notRun.every(
            (scenario) =>
              scenario.reason === 'not selected by the tag filter' || /second record type/.test(scenario.reason),
          ),
      );
      assert.match(readFileSync(join(out, 'latest', 'assurance.html'), 'utf8'), /PASSED \(PARTIAL RUN\)/);
    },
  );

  const REFUSED: [string, string, RegExp][] = [
    [
      'a misspelt tag',
      '@area-craete',
      new RegExp(
        /^nrls-conformance run: --tags "@area-craete" selects no scenario of the \d+ \(no /.source +
          /scenario has @area-craete; the areas are @area-authorisation, .*@area-unsupported\)\n$/.source,
      ),
    ],
    [
      'a tag expression that does not parse',
      '@area-create and',
      /^nrls-conformance run: --tags "@area-create and" is not a tag expression: syntax error: Expected operand\.\n$/,
    ],
    [
      'an expression that selects nothing',
      '@area-create and @area-search',
      /^nrls-conformance run: --tags "@area-create and @area-search" selects no scenario of the \d+\n$/,
    ],
  ];
  for (const [name, tags, message] of REFUSED) {
    it(`${name} exits 2 naming the expression, and writes nothing`, async (t) => {
      const out = tempDir(t);
      const exit = await runCli(['run', '--quiet', '--tags', tags, '--out', out]);
      assert.equal(exit.code, 2, exit.stdout);
      assert.match(exit.stderr, message);
      assert.equal(exit.stdout, '');
      assert.deepEqual(readdirSync(out), [], 'no run folder, no half-written report');
    });
  }
});

describe("preflight: the profile's identities are checked before any scenario", () => {
  const profile = (dir: string, baseUrl: string, change: Record<string, unknown>): string => {
    const file = join(dir, 'target.json');
    writeFileSync(file, JSON.stringify({ ...EMBEDDED, name: 'preflight', baseUrl, ...change }));
    return file;
  };

  it(
    'a configuration mistake is exit 2 naming the profile field ' +
      'and what the target said, with the exchanges saved',
    async (t) => {
      const { baseUrl } = await startMockProcess(t);
      const CASES: [string, string, Record<string, unknown>, RegExp][] = [
        [
          'a provider ASID the target does not know',
          baseUrl,
          { provider: { asid: 'abc', ods: 'MHT01' } },
          new RegExp(
            /^nrls-conformance run: preflight: provider\.asid: the target refused the provider's /.source +
              /identity: DELETE \S+ answered HTTP 400 MISSING_OR_INVALID_HEADER "The ASID defined /.source +
              /in the requesting_system \(abc\) is unknown" \(exchanges in \S+preflight\.json\)\n$/.source,
          ),
        ],
        [
          "a Spine ASID that is not the target's",
          baseUrl,
          { spineAsid: '999999999998' },
          new RegExp(
            /^nrls-conformance run: preflight: spineAsid: the target refused the consumer's identity: /.source +
              /GET \S+ answered HTTP 400 MISSING_OR_INVALID_HEADER "toASID HTTP Header is missing"/.source,
          ),
        ],
        [
          "a consumer ODS code that is not its ASID's",
          baseUrl,
          { consumer: { ...(EMBEDDED.consumer as object), ods: 'RR8' } },
          new RegExp(
            /^nrls-conformance run: preflight: consumer\.ods: the target refused the consumer's /.source +
              /identity: GET \S+ answered HTTP 400 MISSING_OR_INVALID_HEADER "requesting_system ASID /.source +
              /\(200000000115\) is not associated with the requesting_organisation ODS code \(RR8\)"/.source,
          ),
        ],
        [
          'a base path with nothing there',
          `${baseUrl}/nrls-ri`,
          {},
          new RegExp(
            /^nrls-conformance run: preflight: baseUrl: GET \S+\/nrls-ri\/DocumentReference\?\S+ /.source +
              /answered HTTP 404 "[^"]+" with no Spine code \(issue not-supported\): the target /.source +
              /has no DocumentReference endpoint there; is baseUrl the NRLS service base\?/.source,
          ),
        ],
      ];
      for (const [name, url, change, message] of CASES) {
        const dir = tempDir(t);
        const exit = await runCli(['run', '--quiet', '--target', profile(dir, url, change), '--out', join(dir, 'out')]);
        assert.equal(exit.code, 2, `${name}: ${exit.stdout}${exit.stderr}`);
        assert.match(exit.stderr, message, name);
        const [folder] = readdirSync(join(dir, 'out'));
        assert.ok(existsSync(join(dir, 'out', folder!, 'preflight.json')), `${name}: the exchanges are saved`);
        assert.ok(!existsSync(join(dir, 'out', folder!, 'assurance.json')), `${name}: no verdict`);
      }
    },
  );

  it('two providers with one ODS code are refused when the profile loads (exit 2)', async (t) => {
    const dir = tempDir(t);
    const file = profile(dir, 'http://127.0.0.1:9', { secondProvider: { asid: '200000000119', ods: 'MHT01' } });
    const exit = await runCli(['run', '--target', file, '--out', join(dir, 'out')]);
    assert.equal(exit.code, 2);
    assert.match(
      exit.stderr,
      new RegExp(
        /^nrls-conformance run: bad target profile: \S+target\.json: /.source +
          /secondProvider\.ods must differ from provider\.ods \(both are MHT01\)/.source,
      ),
    );
  });

  it('a target that answers the preflight with a wrong code is judged, not excused', async (t) => {
    // The mock refusing to know its known patients (NRLS-SEARCH-017) is the target's defect, not a profile mistake.
    const out = tempDir(t);
    const exit = await runCli([
      'run',
      '--quiet',
      '--fault',
      'known-patient-not-found',
      '--tags',
      '@NRLS-SEARCH-017',
      '--out',
      out,
    ]);
    assert.equal(exit.code, 1, exit.stdout + exit.stderr);
    assert.equal(row(readRun(out), 'NRLS-SEARCH-017').status, 'failed');
  });
});
