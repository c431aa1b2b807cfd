// The comparison of two runs (issue 13, point 2) on hand-made models: what counts as a regression, what as
// fixed, scenarios matched across a line shift, and a warning when the runs are not like for like.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderComparisonHtml } from '../../src/report/compare-html.ts';
import { type Change, classify, compareRuns } from '../../src/report/compare.ts';
import type {
  AssuranceRun,
  RequirementStatus,
  RunIdentity,
  ScenarioResult,
  ScenarioStatus,
} from '../../src/report/model.ts';
import { comparisonLines } from '../../src/cli/compare.ts';

interface ScenarioSpec {
  uri?: string;
  line: number;
  name: string;
  status: ScenarioStatus;
  defect?: string;
}

/** A run with just what a comparison reads: requirement statuses, scenarios, defects and the run identity. */
function runOf(
  requirements: Record<string, RequirementStatus>,
  scenarios: ScenarioSpec[] = [],
  options: { notRun?: ScenarioSpec[]; identity?: Partial<RunIdentity>; defects?: Record<string, string> } = {},
): AssuranceRun {
  const scenarioOf = (spec: ScenarioSpec): ScenarioResult => {
    const uri = spec.uri ?? 'features/create.feature';
    const finding = { defect: spec.defect, outcome: 'failed', stage: 'scenario' };
    return {
      ...{ id: `${uri}:${spec.line}`, name: spec.name, feature: 'Create', uri, line: spec.line, area: 'create' },
      ...{ tags: [], requirementIds: [], ambiguityIds: [], status: spec.status, durationMs: 1, steps: [] },
      findings: spec.defect && spec.status !== 'blocked' ? [finding as ScenarioResult['findings'][number]] : [],
      ...(spec.status === 'blocked' && spec.defect ? { blockedBy: spec.defect } : {}),
    };
  };
  const identity: RunIdentity = {
    id: 'run-x',
    harness: { name: 'nrls-conformance', version: '0.1.0', commit: 'abc123' },
    spec: { name: 'NRLS', catalogue: 'nrls-api-1.2.md' },
    target: { name: 'embedded mock', baseUrl: 'http://127.0.0.1:1234', embeddedMock: true },
    ...{ startedAt: '', finishedAt: '', durationMs: 0, node: 'v20', platform: 'linux' },
    ...{ tagFilter: '', userTags: '', specOnly: false, parallel: 0 },
    ...options.identity,
  };
  const defects = Object.entries(options.defects ?? {}).map(([id, name]) => ({ id, name }));
  return {
    schemaVersion: 2,
    run: identity,
    verdict: 'conformant',
    verdictReason: 'every requirement passed',
    requirements: Object.entries(requirements).map(([id, status]) => ({
      ...{ id, level: 'MUST', summary: `summary of ${id}`, area: 'create', section: '1', ambiguityIds: [] },
      ...{ status, defects: Object.keys(options.defects ?? {}), scenarioIds: [], checksPassed: 0 },
    })),
    scenarios: scenarios.map(scenarioOf),
    notRun: (options.notRun ?? []).map((spec) => ({
      id: `${spec.uri ?? 'features/create.feature'}:${spec.line}`,
      name: spec.name,
      reason: 'not selected by the tag filter',
    })),
    defects,
  } as unknown as AssuranceRun;
}

const ids = (changes: Change[], kind?: Change['kind']) =>
  changes.filter((change) => !kind || change.kind === kind).map((change) => change.id);

describe('compareRuns', () => {
  it('finds no change and no regression between a run and itself', () => {
    const run = runOf({ 'NRLS-CREATE-007': 'passed', 'NRLS-GEN-001': 'failed' }, [
      { line: 10, name: 'creates', status: 'passed' },
    ]);
    const comparison = compareRuns(run, run);
    assert.equal(comparison.regressions, 0);
    assert.deepEqual([...comparison.requirements, ...comparison.scenarios], []);
    assert.deepEqual(comparison.identityDifferences, []);
    assert.match(comparisonLines(comparison)[0]!, /^no regression; 0 fixed/);
  });

  it('names a requirement that went from passed to failed as a regression, with the defect that failed it', () => {
    const a = runOf({ 'NRLS-CREATE-007': 'passed', 'NRLS-GEN-001': 'passed' });
    const b = runOf({ 'NRLS-CREATE-007': 'failed', 'NRLS-GEN-001': 'passed' }, [], {
      defects: { D2: 'Location form' },
    });
    const comparison = compareRuns(a, b);
    assert.equal(comparison.regressions, 1);
    assert.deepEqual(ids(comparison.requirements, 'newly failed'), ['NRLS-CREATE-007']);
    assert.ok(
      comparisonLines(comparison).includes('  requirement NRLS-CREATE-007: passed → failed (D2 Location form)'),
    );
    assert.match(comparisonLines(comparison)[0]!, /^REGRESSION: 1 change for the worse \(1 requirement, 0 scenarios\)/);
  });

  it('counts failed → passed as fixed, not as a regression, naming the defect that was fixed', () => {
    const a = runOf({ 'NRLS-CREATE-007': 'failed' }, [], { defects: { D1: 'Location form' } });
    const b = runOf({ 'NRLS-CREATE-007': 'passed' });
    const comparison = compareRuns(a, b);
    assert.equal(comparison.regressions, 0);
    assert.deepEqual(comparison.requirements, [
      {
        ...{ subject: 'requirement', id: 'NRLS-CREATE-007', name: 'summary of NRLS-CREATE-007' },
        ...{ from: 'failed', to: 'passed', kind: 'fixed', regression: false, why: 'D1 Location form' },
      },
    ]);
  });

  it('counts passed → not run as a regression, but failed → not run only as no longer run', () => {
    const a = runOf({ 'NRLS-SEARCH-007': 'passed', 'NRLS-SEARCH-008': 'failed' });
    const b = runOf({ 'NRLS-SEARCH-007': 'not run', 'NRLS-SEARCH-008': 'not run' });
    const comparison = compareRuns(a, b);
    assert.deepEqual(ids(comparison.requirements, 'no longer run'), ['NRLS-SEARCH-007', 'NRLS-SEARCH-008']);
    assert.deepEqual(
      comparison.requirements.filter((change) => change.regression).map((change) => change.id),
      ['NRLS-SEARCH-007'],
    );
  });

  it('counts newly blocked (from passed, and from failed) as regressions and blocked → passed as fixed', () => {
    const requirementsA = { 'NRLS-GEN-001': 'passed', 'NRLS-GEN-002': 'failed', 'NRLS-GEN-003': 'blocked' } as const;
    const a = runOf(requirementsA, [{ line: 5, name: 'searches', status: 'passed' }]);
    const requirementsB = { 'NRLS-GEN-001': 'blocked', 'NRLS-GEN-002': 'blocked', 'NRLS-GEN-003': 'passed' } as const;
    const b = runOf(requirementsB, [{ line: 5, name: 'searches', status: 'blocked', defect: 'D1' }], {
      defects: { D1: 'Location form' },
    });
    const comparison = compareRuns(a, b);
    assert.deepEqual(
      comparison.scenarios.map((change) => [change.kind, change.why]),
      [['newly blocked', 'by D1 Location form']],
    );
    assert.deepEqual(ids(comparison.requirements, 'newly blocked'), ['NRLS-GEN-001', 'NRLS-GEN-002']);
    assert.equal(comparison.requirements[0]!.why, 'by D1 Location form');
    assert.deepEqual(ids(comparison.requirements, 'fixed'), ['NRLS-GEN-003']);
    assert.equal(comparison.regressions, 3);
  });

  it('lists a requirement only in B as new and one only in A as removed, neither a regression', () => {
    const comparison = compareRuns(runOf({ 'NRLS-OLD-001': 'passed' }), runOf({ 'NRLS-NEW-001': 'failed' }));
    assert.deepEqual(ids(comparison.requirements, 'new'), ['NRLS-NEW-001']);
    assert.deepEqual(ids(comparison.requirements, 'removed'), ['NRLS-OLD-001']);
    assert.equal(comparison.requirements.find((change) => change.id === 'NRLS-OLD-001')!.to, 'absent');
    assert.equal(comparison.regressions, 0);
  });

  it('matches scenarios by feature and name across a line shift, and outline examples in order', () => {
    const a = runOf({}, [
      { line: 10, name: 'creates', status: 'passed' },
      { line: 20, name: 'example', status: 'passed' },
      { line: 21, name: 'example', status: 'passed' },
    ]);
    const b = runOf({}, [
      { line: 14, name: 'creates', status: 'passed' },
      { line: 24, name: 'example', status: 'passed' },
      { line: 25, name: 'example', status: 'failed', defect: 'D1' },
    ]);
    const comparison = compareRuns(a, b);
    assert.deepEqual(
      comparison.scenarios.map((change) => [change.id, change.from, change.to, change.kind]),
      [['features/create.feature:25', 'passed', 'failed', 'newly failed']],
    );
  });

  it('sees a scenario that moved to the not-run list, and one of the same name in another feature as new', () => {
    const a = runOf({}, [{ line: 10, name: 'searches', status: 'passed' }]);
    const b = runOf({}, [{ uri: 'features/search.feature', line: 10, name: 'searches', status: 'passed' }], {
      notRun: [{ line: 12, name: 'searches', status: 'skipped' }],
    });
    const comparison = compareRuns(a, b);
    assert.deepEqual(
      comparison.scenarios.map((change) => [change.id, change.kind, change.regression]),
      [
        ['features/create.feature:12', 'no longer run', true],
        ['features/search.feature:10', 'new', false],
      ],
    );
  });

  it('warns when the runs differ in harness, target, tag filter or spec-only, not in the mock port', () => {
    const a = runOf({}, [], { identity: { target: { name: 'mock', baseUrl: 'http://h:1', embeddedMock: true } } });
    const samePortless = runOf({}, [], {
      identity: { target: { name: 'mock', baseUrl: 'http://h:2', embeddedMock: true } },
    });
    assert.deepEqual(compareRuns(a, samePortless).identityDifferences, []);
    const b = runOf({}, [], {
      identity: {
        harness: { name: 'nrls-conformance', version: '0.2.0', commit: 'def456' },
        target: { name: 'Supplier NRLS', baseUrl: 'https://nrls.example', embeddedMock: false },
        tagFilter: '@create',
        specOnly: true,
      },
    });
    const comparison = compareRuns(a, b);
    assert.equal(comparison.identityDifferences.length, 4);
    const warning = comparisonLines(comparison).find((line) => line.startsWith('warning:'));
    assert.match(warning ?? '', /harness: nrls-conformance 0\.1\.0 \(abc123\) → nrls-conformance 0\.2\.0 \(def456\)/);
    assert.match(warning ?? '', /target: mock → Supplier NRLS at https:\/\/nrls\.example; tag filter/);
    assert.match(renderComparisonHtml(comparison), /The runs are not like for like/);
  });
});

describe('classify', () => {
  it('does not call passed ↔ advisory or failed ↔ broken a regression', () => {
    assert.deepEqual(classify('passed', 'advisory'), { kind: 'changed', regression: false });
    assert.deepEqual(classify('failed', 'broken'), { kind: 'changed', regression: false });
    assert.deepEqual(classify('not run', 'failed'), { kind: 'newly failed', regression: true });
    assert.deepEqual(classify('not run', 'passed'), { kind: 'newly run', regression: false });
  });
});

describe('renderComparisonHtml', () => {
  it('escapes what the runs say and shows each change with both statuses', () => {
    const a = runOf({}, [{ line: 1, name: '<script>alert(1)</script>', status: 'passed' }]);
    const b = runOf({}, [{ line: 1, name: '<script>alert(1)</script>', status: 'failed', defect: 'D1' }]);
    const page = renderComparisonHtml(compareRuns(a, b));
    assert.doesNotMatch(page, /<script>/);
    assert.match(page, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(page, /REGRESSION: 1 CHANGE FOR THE WORSE/);
    assert.match(page, /status-passed[\s\S]*→[\s\S]*status-failed/);
  });
});
