// The gate that every testable requirement is exercised by the golden run (scripts/exercised-requirements.ts):
// each way a requirement can fall short must fail it, and only the passing case passes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EXERCISED_LEVELS, UNJUDGED_LEVELS, judgeExercised } from '../../scripts/exercised-requirements.ts';
import { NORMATIVE_LEVELS, RECOMMENDATION } from '../../src/domain/requirements/basis.ts';
import { type Catalogue, type Requirement, loadCatalogue } from '../../src/domain/requirements/catalogue.ts';
import type { RequirementRow, RequirementStatus } from '../../src/report/model.ts';

const requirement = (id: string, level: string): Requirement => ({
  id,
  level,
  levelText: level,
  summary: `${id} summary`,
  area: 'general',
  section: '§1',
  amb: [],
});
const catalogueOf = (...requirements: Requirement[]): Catalogue => ({
  spec: 'test',
  source: 'test.md',
  requirements,
  ambiguities: [],
});
const row = (id: string, status: RequirementStatus, checksPassed: number, reason?: string): RequirementRow => ({
  id,
  level: 'MUST',
  summary: '',
  area: 'general',
  section: '§1',
  ambiguityIds: [],
  status,
  defects: [],
  scenarioIds: [],
  checksPassed,
  ...(reason ? { reason } : {}),
});

describe('the gate: every testable requirement is exercised by the golden run', () => {
  const cases: { name: string; level: string; row?: RequirementRow; why?: RegExp }[] = [
    { name: 'passed with a passing check', level: 'MUST', row: row('R', 'passed', 1) },
    { name: 'MAY, passed with checks', level: 'MAY', row: row('R', 'passed', 4) },
    { name: 'MOCK-REC, passed with checks', level: 'MOCK-REC', row: row('R', 'passed', 2) },
    {
      name: 'passed with no passing check (named by a scenario, proved by none of its checks)',
      level: 'MUST',
      row: row('R', 'passed', 0),
      why: /no check about it passed/,
    },
    { name: 'failed', level: 'SHALL', row: row('R', 'failed', 3), why: /^failed, 3 checks passed$/ },
    { name: 'blocked', level: 'SHOULD', row: row('R', 'blocked', 0), why: /^blocked/ },
    { name: 'advisory', level: 'MOCK-REC', row: row('R', 'advisory', 1), why: /^advisory/ },
    {
      name: 'not run',
      level: 'INHERITED',
      row: row('R', 'not run', 0, 'no scenario proves it'),
      why: /not run \(no scenario proves it\)/,
    },
    {
      name: 'an untagged MAY, which the report calls not testable',
      level: 'MAY',
      row: row('R', 'not testable', 0, 'MAY: optional; no scenario asserts it'),
      why: /^not testable \(MAY: optional/,
    },
    { name: 'absent from the run', level: 'MUST', why: /absent from the golden run/ },
    {
      name: 'at a level the gate does not know',
      level: 'SHOULD NOT',
      row: row('R', 'passed', 5),
      why: /level SHOULD NOT is neither judged/,
    },
  ];
  for (const { name, level, row: given, why } of cases) {
    it(`${why ? 'fails' : 'passes'} a ${level} requirement: ${name}`, () => {
      const result = judgeExercised(catalogueOf(requirement('R', level)), {}, given ? [given] : []);
      assert.equal(result.required, 1);
      if (!why) return assert.deepEqual(result, { required: 1, passed: 1, failures: [] });
      assert.equal(result.passed, 0);
      assert.equal(result.failures.length, 1);
      assert.deepEqual(
        { ...result.failures[0], why: undefined },
        { id: 'R', level, summary: 'R summary', why: undefined },
      );
      assert.match(result.failures[0]!.why, why);
    });
  }

  it('leaves out requirements with a recorded reason, and INFO and LEGACY rows, whatever the run says', () => {
    const catalogue = catalogueOf(
      requirement('A', 'MUST'),
      requirement('B', 'INFO'),
      requirement('C', 'LEGACY'),
      requirement('D', 'MUST'),
    );
    const result = judgeExercised(catalogue, { A: 'cannot be observed over the API' }, [
      row('A', 'not testable', 0),
      row('B', 'not testable', 0),
      row('D', 'passed', 1),
    ]);
    assert.deepEqual(result, { required: 1, passed: 1, failures: [] });
  });

  it('fails every covered requirement when there is no golden run', () => {
    const result = judgeExercised(
      catalogueOf(requirement('A', 'MUST'), requirement('B', 'MOCK-REC'), requirement('C', 'INFO')),
      {},
      undefined,
    );
    assert.equal(result.passed, 0);
    assert.deepEqual(
      result.failures.map((failure) => [failure.id, failure.why]),
      [
        ['A', 'no golden run to judge it'],
        ['B', 'no golden run to judge it'],
      ],
    );
  });

  it(
    'covers the normative levels and MOCK-REC, and every level ' +
      'of the catalogue is either covered or needs no proof',
    () => {
      assert.deepEqual([...EXERCISED_LEVELS].sort(), [...NORMATIVE_LEVELS, RECOMMENDATION].sort());
      assert.deepEqual(
        [...EXERCISED_LEVELS].filter((level) => UNJUDGED_LEVELS.has(level)),
        [],
      );
      const levels = new Set(loadCatalogue().requirements.map((r) => r.level));
      assert.deepEqual(
        [...levels].filter((level) => !EXERCISED_LEVELS.has(level) && !UNJUDGED_LEVELS.has(level)),
        [],
      );
    },
  );
});
