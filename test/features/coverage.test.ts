// The coverage check: every testable requirement of the catalogue (MUST, SHALL, SHOULD, INHERITED,
// MOCK-REC) is proved by a scenario, or has a recorded reason why it cannot be tested over the API.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { IdGenerator } from '@cucumber/messages';
import { TESTABLE_LEVELS, loadCatalogue, loadNotTestableReasons } from '../../src/domain/requirements/catalogue.ts';
import { plannedScenarios } from '../../src/runner/feature-tags.ts';

const FEATURES = fileURLToPath(new URL('../../features/', import.meta.url));
const catalogue = loadCatalogue();
const reasons = loadNotTestableReasons();
const scenarios = plannedScenarios(FEATURES);
const tagged = new Set(scenarios.flatMap((scenario) => scenario.tags));
const AREAS = [
  'headers',
  'jwt',
  'authorisation',
  'content-negotiation',
  'create',
  'supersede',
  'search',
  'delete',
  'unsupported',
  'lifecycle',
  'robustness',
];

describe('requirement coverage of the scenarios', () => {
  it('every testable requirement has a scenario or a recorded reason', () => {
    const missing = catalogue.requirements
      .filter((requirement) => TESTABLE_LEVELS.has(requirement.level))
      .filter((requirement) => !tagged.has(`@${requirement.id}`) && !Object.hasOwn(reasons, requirement.id))
      .map((requirement) => `${requirement.id} (${requirement.level}): ${requirement.summary}`);
    assert.deepEqual(missing, [], `requirements with no scenario and no reason:\n${missing.join('\n')}`);
  });

  it('every recorded reason is for a testable requirement that has no scenario', () => {
    const ids = new Map(catalogue.requirements.map((requirement) => [requirement.id, requirement]));
    for (const [id, reason] of Object.entries(reasons)) {
      assert.ok(ids.has(id), `${id} in not-testable.json is not in the catalogue`);
      assert.ok(TESTABLE_LEVELS.has(ids.get(id)!.level), `${id} is ${ids.get(id)!.level}: it needs no reason`);
      assert.ok(!tagged.has(`@${id}`), `${id} has a scenario, yet not-testable.json says: ${reason}`);
    }
  });

  it('every requirement and ambiguity tag names a catalogue entry', () => {
    const known = new Set([
      ...catalogue.requirements.map((r) => `@${r.id}`),
      ...catalogue.ambiguities.map((a) => `@${a.id}`),
    ]);
    const unknown = [...tagged].filter((tag) => /^@(NRLS|AMB)-/.test(tag) && !known.has(tag));
    assert.deepEqual(unknown, []);
  });

  it('every scenario has exactly one area, one of the eleven, and proves at least one requirement', () => {
    for (const scenario of scenarios) {
      const areas = scenario.tags.filter((tag) => tag.startsWith('@area-')).map((tag) => tag.slice('@area-'.length));
      assert.equal(areas.length, 1, `${scenario.uri}: ${scenario.name} has areas ${areas.join(', ') || '(none)'}`);
      assert.ok(AREAS.includes(areas[0]!), `${scenario.uri}: unknown area ${areas[0]}`);
      assert.ok(
        scenario.tags.some((tag) => /^@NRLS-/.test(tag)),
        `${scenario.uri}: ${scenario.name} proves no requirement`,
      );
    }
    assert.deepEqual(
      [...new Set(scenarios.map((s) => s.tags.find((t) => t.startsWith('@area-'))!.slice(6)))].sort(),
      [...AREAS].sort(),
    );
  });

  it('every scenario resting on an AMB choice is also tagged @AMB, so a real-NRLS run can exclude them', () => {
    for (const scenario of scenarios) {
      if (scenario.tags.some((tag) => /^@AMB-\d\d$/.test(tag)))
        assert.ok(scenario.tags.includes('@AMB'), `${scenario.uri}: ${scenario.name}`);
    }
  });
});

describe('the basis a step states is selectable', () => {
  it('every AMB a step names (", as AMB-nn recommends") is a tag of its scenario, so --tags @AMB-nn finds it', () => {
    const newId = IdGenerator.incrementing();
    const parser = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher());
    for (const name of readdirSync(FEATURES).filter((file) => file.endsWith('.feature'))) {
      const uri = join(FEATURES, name);
      for (const pickle of compile({ ...parser.parse(readFileSync(uri, 'utf8')), uri }, uri, newId)) {
        const tags = pickle.tags.map((tag) => tag.name);
        for (const step of pickle.steps) {
          for (const [, amb] of step.text.matchAll(/, as (AMB-\d{2}) recommends$/g)) {
            assert.ok(
              tags.includes(`@${amb}`),
              `${name}: "${pickle.name}" states ${amb} in "${step.text}" but is not tagged @${amb}`,
            );
          }
        }
      }
    }
  });
});
