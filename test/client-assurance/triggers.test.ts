// The trigger table (fixtures/client-triggers.json): it validates, a bad table is refused in one line
// naming the file and the field, no trigger value is a fixture's or the suite's, every TKW row is
// accounted for, and docs/client-triggers.md is what scripts/triggers-table.ts generates from it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  DEFAULT_TRIGGERS_FILE,
  TriggerTableError,
  loadTriggerTable,
  parseTriggerTable,
  withTriggerDelay,
  type TriggerTable,
} from '../../src/client-assurance/triggers.ts';
import { isValidNhsNumber, nhsNumberSequence } from '../../src/domain/nhs-number.ts';
import { OUTCOMES } from '../../mock-server/errors/catalogue.ts';
import { loadFixtures } from '../../mock-server/fixtures.ts';
import { ID_TRIGGER_PATIENT } from '../../mock-server/simulator/synthetic-pointers.ts';
import { triggerCollisions } from '../../mock-server/simulator/index.ts';
import { README, TRIGGERS_DOC, readmeWithTriggers, renderTriggersDoc } from '../../scripts/triggers-table.ts';

const TABLE = loadTriggerTable();
const FILE = 'bad-triggers.json';

function refusal(table: unknown): string {
  try {
    parseTriggerTable(JSON.stringify(table), FILE);
  } catch (error) {
    assert.ok(error instanceof TriggerTableError, String(error));
    assert.doesNotMatch(error.message, /\n/, 'one line');
    assert.ok(error.message.startsWith(`${FILE}: `), `names the file: ${error.message}`);
    return error.message;
  }
  return assert.fail('the table was accepted');
}

const withTrigger = (trigger: Record<string, unknown>): TriggerTable =>
  ({ ...TABLE, triggers: [...TABLE.triggers, trigger] }) as TriggerTable;

describe('the trigger table', () => {
  it('validates: version 1.1.0, derived from the TKW Trigger sheet', () => {
    assert.equal(TABLE.version, '1.1.0');
    assert.match(TABLE.derivedFrom, /TKW .*Trigger/);
    assert.ok(TABLE.triggers.length > 0);
  });

  it('NRLS-ERR-*: every Spine error trigger has the status and Spine code the catalogue gives its row', () => {
    for (const { id, outcome } of TABLE.triggers) {
      if (outcome.kind !== 'spine-error') continue;
      const row = OUTCOMES[outcome.error];
      assert.equal(outcome.status, row.status, id);
      assert.equal(outcome.spineCode, 'spine' in row ? row.spine.code : undefined, id);
    }
  });

  it('accounts for every TKW sheet row T001–T109 and X01–X11 exactly once: simulated or dropped', () => {
    const rows = [
      ...Array.from({ length: 109 }, (_, at) => `T${String(at + 1).padStart(3, '0')}`),
      ...Array.from({ length: 11 }, (_, at) => `X${String(at + 1).padStart(2, '0')}`),
    ];
    const listed = [...TABLE.triggers.flatMap((trigger) => trigger.tkw), ...TABLE.dropped.flatMap((rows) => rows.tkw)];
    assert.deepEqual([...listed].sort(), rows);
  });

  it('no read, PATCH, SSP or path delete trigger: those 2.x rows are dropped', () => {
    const simulated = new Set(TABLE.triggers.flatMap((trigger) => trigger.tkw));
    for (const row of ['T040', 'T048', 'T064', 'T080', 'T084', 'T090', 'T109']) assert.ok(!simulated.has(row), row);
  });

  it('trigger NHS numbers are valid (Modulus 11) and from TKW allocation (946…)', () => {
    for (const { id, nhsNumber } of TABLE.triggers) {
      if (nhsNumber === undefined) continue;
      assert.ok(isValidNhsNumber(nhsNumber), `${id}: ${nhsNumber}`);
      assert.match(nhsNumber, /^946/, id);
    }
    assert.ok(isValidNhsNumber(ID_TRIGGER_PATIENT));
  });

  it('_id triggers follow the TKW id pattern (8-4-4-4-12-20)', () => {
    for (const { id, pointerId } of TABLE.triggers) {
      if (pointerId !== undefined)
        assert.match(pointerId, /^c037a0cb-[0-9a-z]{4}-4976-83a1-a5d2703e6aa3-1a2b3c4d5e6f7g8h9i0j$/, id);
    }
  });

  it('no trigger value is a fixture patient or pointer', () => {
    const fixtures = loadFixtures();
    assert.deepEqual(triggerCollisions(TABLE, fixtures), []);
    const values = new Set(TABLE.triggers.map((trigger) => trigger.nhsNumber ?? trigger.pointerId));
    assert.ok(!values.has(ID_TRIGGER_PATIENT), 'the _id triggers’ patient is no trigger');
    for (const patient of fixtures.knownPatients) assert.ok(!values.has(patient), patient);
  });

  it('no trigger value is in the 999 range the suite draws fresh patients from (nhsNumberSequence)', () => {
    const next = nhsNumberSequence(() => 0);
    const suite = Array.from({ length: 2000 }, next);
    assert.ok(suite.every((nhsNumber) => nhsNumber.startsWith('999')));
    for (const { id, nhsNumber } of TABLE.triggers) assert.ok(!nhsNumber?.startsWith('999'), id);
  });

  it('a collision with the fixtures is found', () => {
    const fixtures = loadFixtures();
    fixtures.knownPatients.push('9462205655');
    assert.deepEqual(triggerCollisions(TABLE, fixtures), [
      'trigger search-invalid-nhs-number: NHS number 9462205655 is a fixture patient',
    ]);
  });

  it('withTriggerDelay replaces the delay of every slow trigger and nothing else', () => {
    const changed = withTriggerDelay(TABLE, 5);
    for (const [at, trigger] of changed.triggers.entries()) {
      if (trigger.outcome.kind === 'slow') assert.equal(trigger.outcome.delayMs, 5);
      else assert.equal(trigger, TABLE.triggers[at]);
    }
    assert.ok(changed.triggers.some((trigger) => trigger.outcome.kind === 'slow'));
  });
});

describe('a bad trigger table is refused in one line naming the file and the field', () => {
  const base = { id: 'extra', interactions: ['search'], nhsNumber: '9462206120', tkw: [] };

  it('an unknown outcome kind', () => {
    const message = refusal(withTrigger({ ...base, nhsNumber: '9462206139', outcome: { kind: 'teapot' } }));
    assert.match(
      message,
      new RegExp(`triggers\\[${TABLE.triggers.length}\\]\\.outcome\\.kind must be one of spine-error`),
    );
  });

  it('a value that already triggers the interaction', () => {
    const message = refusal(withTrigger({ ...base, nhsNumber: '9462205655', outcome: { kind: 'empty-bundle' } }));
    assert.match(message, /nhsNumber 9462205655 already triggers search in triggers\[\d+\]/);
  });

  it('a trigger id used twice', () => {
    const message = refusal(withTrigger({ ...base, id: TABLE.triggers[0]!.id, outcome: { kind: 'empty-bundle' } }));
    assert.match(message, /\.id .* is used twice/);
  });

  it('a field an outcome does not have', () => {
    const message = refusal(withTrigger({ ...base, outcome: { kind: 'slow', delayMs: 10, count: 3 } }));
    assert.match(message, /outcome: unexpected field count/);
  });

  it('a spine-error without diagnostics', () => {
    const outcome = { kind: 'spine-error', error: 'INVALID_PARAMETER', status: 400, spineCode: 'INVALID_PARAMETER' };
    assert.match(refusal(withTrigger({ ...base, outcome })), /outcome\.diagnostics is missing/);
  });

  it('an NHS number that fails Modulus 11', () => {
    const message = refusal(withTrigger({ ...base, nhsNumber: '9462205656', outcome: { kind: 'empty-bundle' } }));
    assert.match(message, /nhsNumber 9462205656 is not a valid NHS number/);
  });

  it('an NHS number in the suite’s 999 range', () => {
    const message = refusal(withTrigger({ ...base, nhsNumber: '9990000018', outcome: { kind: 'empty-bundle' } }));
    assert.match(message, /999 range/);
  });

  it('a Bundle outcome on a create', () => {
    const message = refusal(withTrigger({ ...base, interactions: ['create'], outcome: { kind: 'empty-bundle' } }));
    assert.match(message, /answers a search only/);
  });

  it('a trigger with both an NHS number and an _id', () => {
    const message = refusal(withTrigger({ ...base, pointerId: 'abc', outcome: { kind: 'empty-bundle' } }));
    assert.match(message, /needs one of nhsNumber or pointerId/);
  });

  it('text that is not JSON, and a missing file', () => {
    assert.throws(
      () => parseTriggerTable('{', FILE),
      (error: Error) => error.message.startsWith(`${FILE}: not JSON`),
    );
    assert.throws(
      () => loadTriggerTable('/nonexistent/triggers.json'),
      /\/nonexistent\/triggers\.json: cannot be read \(ENOENT\)/,
    );
  });
});

describe('docs/client-triggers.md', () => {
  it('is what scripts/triggers-table.ts generates from the table (run it after changing the table)', () => {
    assert.equal(readFileSync(TRIGGERS_DOC, 'utf8'), renderTriggersDoc(loadTriggerTable(DEFAULT_TRIGGERS_FILE)));
  });

  it("the README's triggers table is what scripts/triggers-table.ts generates", () => {
    const readme = readFileSync(README, 'utf8');
    assert.equal(readme, readmeWithTriggers(readme, loadTriggerTable(DEFAULT_TRIGGERS_FILE)));
  });

  it('lists every trigger and the contradictions it resolves', () => {
    const doc = readFileSync(TRIGGERS_DOC, 'utf8');
    for (const trigger of TABLE.triggers) assert.ok(doc.includes(`\`${trigger.id}\``), trigger.id);
    for (const named of ['T086–T089', 'T003', 'T004', 'D8', 'D9', 'D11', 'D12', 'T068', 'T071', 'X09']) {
      assert.ok(doc.includes(named), named);
    }
  });
});
