// JUnit XML from a small hand-made AssuranceRun, parsed back with a strict XML parser (sax): one test case
// per requirement row or per scenario, failures naming their checks and scenarios, not run and not
// testable as skipped, broken and blocked as errors, and text that would break the XML escaped.
import assert from 'node:assert/strict';
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
    assert.deepEqual(all[0]!.children, [], 'a pass has no child');
    const failure = all[1]!.children[0]!;
    assert.equal(failure.name, 'failure');
    assert.equal(failure.attributes.message, 'NRLS-CREATE-006 failed: D1 Spine code');
    assert.match(
      failure.text,
      /D1 NRLS-CREATE-006: Spine code: expected RESOURCE_CREATED; actual a <b> & "c" {2}\(s2\)/,
    );
    assert.match(failure.text, /scenarios: s2/);
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
});
