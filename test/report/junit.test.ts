// JUnit XML from a small hand-made AssuranceRun, parsed back with a strict XML parser (sax): one test case
// per requirement row or per scenario, failures naming their checks and scenarios, not run and not
// testable as skipped, broken and blocked as errors, and text that would break the XML escaped.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import sax from 'sax';
import { renderJunit } from '../../src/report/junit.ts';
import type { AssuranceRun, Finding, RequirementRow, ScenarioResult } from '../../src/report/model.ts';

interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** A strict parse: throws on anything that is not well-formed XML. */
function parseXml(xml: string): XmlNode {
  const parser = sax.parser(true, {});
  const root: XmlNode = { name: '#document', attributes: {}, children: [], text: '' };
  const stack = [root];
  parser.onopentag = (tag) => {
    const node = { name: tag.name, attributes: tag.attributes as Record<string, string>, children: [], text: '' };
    stack.at(-1)!.children.push(node);
    stack.push(node);
  };
  parser.onclosetag = () => void stack.pop();
  parser.ontext = (text) => {
    stack.at(-1)!.text += text;
  };
  parser.onerror = (error) => {
    throw error;
  };
  parser.write(xml).close();
  return root.children[0]!;
}

const cases = (node: XmlNode): XmlNode[] => node.children.flatMap((suite) => suite.children);

const finding: Finding = {
  name: 'Spine code',
  about: ['NRLS-CREATE-006'],
  stage: 'scenario',
  outcome: 'failed',
  kind: 'conformance',
  basis: 'spec',
  expected: 'RESOURCE_CREATED',
  actual: 'a <b> & "c" \u0001',
  defect: 'D1',
};

const requirement = (id: string, status: RequirementRow['status'], extra: Partial<RequirementRow> = {}) =>
  ({
    id,
    level: 'MUST',
    summary: `summary of ${id} <&>`,
    area: 'create',
    section: '§2.1',
    ambiguityIds: [],
    status,
    defects: [],
    scenarioIds: [],
    checksPassed: 0,
    ...extra,
  }) as RequirementRow;

const scenario = (id: string, status: ScenarioResult['status'], findings: Finding[] = []) =>
  ({
    id,
    name: `POST /DocumentReference → 201 (${id})`,
    feature: 'client: create',
    uri: 'exchanges.ndjson',
    line: 1,
    area: 'create',
    tags: [],
    requirementIds: [],
    ambiguityIds: [],
    status,
    findings,
    durationMs: 1500,
    steps: [],
  }) as ScenarioResult;

const run = {
  schemaVersion: 2,
  run: {
    harness: { name: 'nrls-conformance', version: '0', commit: 'x' },
    target: { name: 'client & co', baseUrl: 'http://x', embeddedMock: false },
    startedAt: '2025-01-02T10:00:00.000Z',
  },
  verdict: 'not conformant',
  defects: [{ id: 'D1', name: 'Spine code' }],
  requirements: [
    requirement('NRLS-CREATE-005', 'passed', { scenarioIds: ['s1'] }),
    requirement('NRLS-CREATE-006', 'failed', { scenarioIds: ['s2'], defects: ['D1'] }),
    requirement('NRLS-CREATE-007', 'not run', { reason: 'no recorded request exercised it' }),
    requirement('NRLS-CREATE-008', 'blocked', { defects: ['D1'] }),
    { ...requirement('NRLS-HDR-001', 'not testable', { reason: 'INFO' }), area: 'headers' },
  ],
  scenarios: [scenario('s1', 'passed'), scenario('s2', 'failed', [finding]), scenario('s3', 'skipped')],
} as unknown as AssuranceRun;

describe('renderJunit', () => {
  it('by requirement: one test case per row, grouped by area, with failures, errors and skips', () => {
    const root = parseXml(renderJunit(run, 'requirement'));
    assert.equal(root.name, 'testsuites');
    assert.deepEqual(
      root.children.map((suite) => [suite.attributes.name, suite.attributes.tests]),
      [
        ['create', '4'],
        ['headers', '1'],
      ],
    );
    assert.deepEqual(
      [root.attributes.tests, root.attributes.failures, root.attributes.errors, root.attributes.skipped],
      ['5', '1', '1', '2'],
    );
    const all = cases(root);
    assert.equal(all[0]!.attributes.name, 'NRLS-CREATE-005 summary of NRLS-CREATE-005 <&>');
    assert.equal(all[0]!.attributes.classname, 'create');
    const failure = all[1]!.children[0]!;
    assert.equal(failure.name, 'failure');
    assert.equal(failure.attributes.message, 'NRLS-CREATE-006 failed: D1 Spine code (failed 1 scenario: s2)');
    assert.match(
      failure.text,
      /D1 NRLS-CREATE-006: Spine code: expected RESOURCE_CREATED; actual a <b> & "c" {2}\(s2\)/,
    );
    assert.match(failure.text, /failed in: s2\n/);
    assert.match(failure.text, /scenarios \(0 passing checks about it\):\n {2}s2 failed: POST/);
    assert.deepEqual(
      all[0]!.children.map((child) => [child.name, child.text]),
      [['system-out', 'scenarios (0 passing checks about it):\n  s1 passed: POST /DocumentReference → 201 (s1)']],
      'a pass lists its scenarios',
    );
    assert.deepEqual(
      [all[2]!.children[0]!.name, all[2]!.children[0]!.attributes.message],
      ['skipped', 'not run: no recorded request exercised it'],
    );
    assert.equal(all[3]!.children[0]!.name, 'error');
    assert.match(all[3]!.children[0]!.attributes.message!, /^NRLS-CREATE-008 blocked by D1/);
    assert.equal(all[4]!.children[0]!.name, 'skipped');
  });

  it('by scenario: one test case per scenario, with its duration and findings', () => {
    const root = parseXml(renderJunit(run, 'scenario'));
    const all = cases(root);
    assert.deepEqual(
      all.map((item) => [item.attributes.time, item.children.map((child) => child.name).join()]),
      [
        ['1.500', ''],
        ['1.500', 'failure'],
        ['1.500', 'skipped'],
      ],
    );
    assert.equal(root.children[0]!.attributes.name, 'client: create');
    assert.match(all[1]!.children[0]!.attributes.message!, /^D1 NRLS-CREATE-006: Spine code/);
  });

  it('by requirement: a failing check is found in any scenario, and a setup failure counts as stopping one', () => {
    const setup: Finding = { ...finding, stage: 'setup', actual: 'none' };
    const spread = {
      ...run,
      requirements: [requirement('NRLS-CREATE-006', 'failed', { scenarioIds: ['s1'], defects: ['D1'] })],
      scenarios: [
        scenario('s1', 'passed'),
        scenario('s2', 'failed', [finding]),
        scenario('s3', 'blocked', [setup]),
        scenario('s4', 'failed', [{ ...finding, about: ['NRLS-CREATE-099'] }]),
      ],
    } as AssuranceRun;
    const failure = cases(parseXml(renderJunit(spread, 'requirement')))[0]!.children[0]!;
    assert.equal(
      failure.attributes.message,
      'NRLS-CREATE-006 failed: D1 Spine code (failed 1 scenario: s2; stopped the setup of 1)',
      's2 is not tagged with the row but its check is about it; s4 failed a check about another requirement',
    );
    assert.match(failure.text, /failed in: s2\n {2}stopped the setup of: s3\n/);
  });

  it('by requirement: a blocked row names the scenarios that stopped', () => {
    const blocked = {
      ...run,
      requirements: [requirement('NRLS-CREATE-008', 'blocked', { scenarioIds: ['s1', 's3'], defects: ['D1'] })],
      scenarios: [scenario('s1', 'passed'), scenario('s3', 'blocked')],
    } as AssuranceRun;
    const error = cases(parseXml(renderJunit(blocked, 'requirement')))[0]!.children[0]!;
    assert.equal(error.attributes.message, 'NRLS-CREATE-008 blocked by D1 (stopped in 1 scenario: s3)');
  });
});

/** What a CI tool reads: the counts on the root, on each suite, and the test cases and their children. */
function junitCounts(root: XmlNode) {
  const attribute = (node: XmlNode) =>
    ['tests', 'failures', 'errors', 'skipped'].map((name) => Number(node.attributes[name]));
  const all = cases(root);
  const having = (element: string) => all.filter((item) => item.children.some((child) => child.name === element));
  const sums = root.children.map(attribute).reduce((sum, next) => sum.map((value, at) => value + next[at]!));
  return {
    root: attribute(root),
    suites: sums,
    elements: [all.length, having('failure').length, having('error').length, having('skipped').length],
  };
}

describe('renderJunit on real runs (the suite against the mock, with and without a fault)', () => {
  const load = (name: string) =>
    JSON.parse(readFileSync(new URL(`../fixtures/report/${name}`, import.meta.url), 'utf8')) as AssuranceRun;
  for (const name of ['pass-run.json', 'fail-run.json']) {
    const real = load(name);
    it(`${name}: by requirement, the counts are the model's requirement totals`, () => {
      const root = parseXml(renderJunit(real, 'requirement'));
      assert.equal(root.name, 'testsuites');
      assert.ok(root.children.every((suite) => suite.name === 'testsuite'));
      assert.ok(cases(root).every((item) => item.name === 'testcase'));
      const r = real.requirementTotals;
      const expected = [real.requirements.length, r.failed, r.blocked + r.broken, r['not run'] + r['not testable']];
      assert.equal(
        expected[0],
        Object.values(r).reduce((sum, count) => sum + count),
      );
      const counted = junitCounts(root);
      assert.deepEqual(counted, { root: expected, suites: expected, elements: expected });
      assert.deepEqual(
        cases(root)
          .map((item) => item.attributes.name!.split(' ')[0])
          .sort(),
        real.requirements.map((row) => row.id).sort(),
        'one test case per requirement row (grouped by area)',
      );
    });
    it(`${name}: by scenario, the counts are the model's scenario totals`, () => {
      const root = parseXml(renderJunit(real, 'scenario'));
      const t = real.scenarioTotals;
      const expected = [real.scenarios.length, t.failed, t.blocked + t.broken, t.skipped];
      assert.deepEqual(junitCounts(root), { root: expected, suites: expected, elements: expected });
    });
  }
  it('fail-run.json has something to count: failures and errors', () => {
    const totals = load('fail-run.json').requirementTotals;
    assert.ok(totals.failed > 0 && totals.blocked > 0);
  });
});
