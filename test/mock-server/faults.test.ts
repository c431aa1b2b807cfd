// The fault registry: enough faults over every area, each breaking requirements the suite can prove,
// and none of them active unless named.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PRODUCTION_RULES } from '../../mock-server/rules.ts';
import { FAULTS, FAULT_NAMES, Faults, NO_FAULTS, faultsNamed } from '../../mock-server/faults/index.ts';
import { TESTABLE_LEVELS, loadCatalogue, loadNotTestableReasons } from '../../src/domain/requirements/catalogue.ts';
import { buildPointer } from '../../src/domain/pointer-builder.ts';
import { KNOWN_PATIENT, PROVIDER, assertOutcome, create, testMock } from '../support/mock.ts';

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
  'operation-outcome',
  'lifecycle',
  'robustness',
];

describe('the fault registry', () => {
  it('has at least 50 faults, in every area the mutation run must cover', () => {
    assert.ok(FAULT_NAMES.length >= 50, `${FAULT_NAMES.length} faults`);
    const areas = new Set(Object.values(FAULTS).map((fault) => fault.area));
    for (const area of AREAS) assert.ok(areas.has(area), `no fault in area ${area}`);
    assert.deepEqual(
      [...areas].filter((area) => !AREAS.includes(area)),
      [],
    );
  });

  it('every fault breaks requirements of the catalogue that the suite can prove', () => {
    const catalogue = new Map(loadCatalogue().requirements.map((requirement) => [requirement.id, requirement]));
    const reasons = loadNotTestableReasons();
    for (const [name, fault] of Object.entries(FAULTS)) {
      assert.ok(fault.breaks.length > 0, `${name} breaks nothing`);
      for (const id of fault.breaks) {
        const requirement = catalogue.get(id);
        assert.ok(requirement, `${name} breaks ${id}, which is not in the catalogue`);
        assert.ok(
          TESTABLE_LEVELS.has(requirement.level) || requirement.level === 'MAY',
          `${name}: ${id} is ${requirement.level}`,
        );
        assert.ok(!Object.hasOwn(reasons, id), `${name}: ${id} is recorded as not testable over the API`);
      }
      assert.match(fault.description, /\S/);
    }
  });

  it('with no fault named every switch is off', () => {
    for (const name of FAULT_NAMES) assert.equal(NO_FAULTS.has(name), false);
    assert.equal(new Faults(['json-by-default']).has('json-by-default'), true);
    assert.equal(new Faults(['json-by-default']).has('create-answers-200'), false);
  });

  it('every fault is a variant: it replaces rules or wraps a stage, and leaves the production rules alone', () => {
    const before = Object.fromEntries(Object.entries(PRODUCTION_RULES).map(([area, rules]) => [area, { ...rules }]));
    for (const [name, fault] of Object.entries(FAULTS)) {
      assert.ok(fault.rules || fault.stages, `${name} changes nothing`);
      if (fault.rules) assert.notDeepEqual(fault.rules(PRODUCTION_RULES), PRODUCTION_RULES, `${name} replaces no rule`);
    }
    assert.deepEqual(PRODUCTION_RULES, before);
  });

  it('no stage, rule or interaction names a fault: they live in mock-server/faults/ alone', () => {
    const root = new URL('../../mock-server/', import.meta.url).pathname;
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.startsWith('faults/'))
      // serialise.ts keeps three dead checks until the store refactor that owns it lands (app.ts gives it no context).
      .filter((file) => file !== join('pipeline', 'serialise.ts'));
    for (const file of files) {
      const text = readFileSync(join(root, file), 'utf8');
      const named = FAULT_NAMES.filter((name) => text.includes(`'${name}'`));
      assert.deepEqual(named, [], `${file} names faults`);
    }
  });

  it('an unknown fault name is refused, listing the known ones', () => {
    assert.throws(
      () => faultsNamed(['create-answers-200', 'no-such-fault']),
      /unknown fault "no-such-fault"; known faults: from-asid-not-required, /,
    );
    assert.deepEqual(faultsNamed(['create-answers-200']).names, ['create-answers-200']);
  });

  it('NRLS-CREATE-005: a named fault changes the behaviour at the rule it names, and only there', async () => {
    const pointer = buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: PROVIDER.ods });
    const faulty = testMock({ faults: new Faults(['create-answers-200']) });
    const res = await create(faulty, pointer);
    assert.equal(res.status, 200);
    assert.match(res.headers.location!, /\?_id=/);
    assertOutcome(await create(testMock(), pointer), 'RESOURCE_CREATED');
  });
});
