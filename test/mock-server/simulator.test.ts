// The simulator layer (mock-server/simulator/): every trigger of fixtures/client-triggers.json, sent as a
// client would send it, gets its armed outcome exactly as the catalogue writes it; a request with a defect
// of its own gets the real error; without config.triggers nothing changes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  loadTriggerTable,
  withTriggerDelay,
  type Trigger,
  type TriggerDiagnostics,
  type TriggerInteraction,
} from '../../src/client-assurance/triggers.ts';
import { nrlsHeaders } from '../../src/domain/client-identity.ts';
import { MASTER_IDENTIFIER_SYSTEM, POINTER_PROFILE, interactionId } from '../../src/domain/identifiers.ts';
import { buildPointer, uniqueMasterIdentifier } from '../../src/domain/pointer-builder.ts';
import type { Pointer } from '../../src/domain/pointer.ts';
import type { RequestContext } from '../../mock-server/context.ts';
import { diagnostics } from '../../mock-server/errors/diagnostics.ts';
import type { OutcomeKey } from '../../mock-server/errors/catalogue.ts';
import { PRODUCTION_RULES } from '../../mock-server/rules.ts';
import { simulatorVariant } from '../../mock-server/simulator/index.ts';
import { compilePointerValidator } from '../../mock-server/validation/pointer-validator.ts';
import { pointerProfileSchema } from '../../mock-server/validation/profile-schema.ts';
import {
  ACCEPT,
  CONSUMER,
  PROVIDER,
  SPINE_ASID,
  assertOutcome,
  bundleOf,
  create,
  remove,
  search,
  subjectQuery,
  testFixtures,
  testMock,
  type Bundle,
  type Format,
  type TestMock,
} from '../support/mock.ts';

const TABLE = loadTriggerTable();
const FORMATS: Format[] = ['json', 'xml'];
const DELETE_IDENTIFIER = { system: MASTER_IDENTIFIER_SYSTEM, value: 'urn:oid:1.3.6.1.4.1.21367.2005.3.71' };
const isValidPointer = compilePointerValidator(pointerProfileSchema(testFixtures().recordTypes));

/** What a client sends for the trigger on one interaction, and the values the diagnostics name. */
interface Carried {
  send: (mock: TestMock, format: Format) => ReturnType<typeof search>;
  pointer?: Pointer;
}

function carrying(trigger: Trigger, interaction: TriggerInteraction): Carried {
  const { nhsNumber, pointerId } = trigger;
  switch (interaction) {
    case 'search':
      return {
        send: (mock, format) => search(mock, pointerId ? { _id: pointerId } : subjectQuery(nhsNumber!), { format }),
      };
    case 'delete': {
      const query = pointerId
        ? { _id: pointerId }
        : subjectQuery(nhsNumber!, { identifier: `${DELETE_IDENTIFIER.system}|${DELETE_IDENTIFIER.value}` });
      return { send: (mock, format) => remove(mock, query, { format }) };
    }
    case 'create':
    case 'supersede': {
      const replaces = interaction === 'supersede' ? uniqueMasterIdentifier() : undefined;
      const pointer = buildPointer({ nhsNumber: nhsNumber!, custodian: PROVIDER.ods, replaces });
      return { pointer, send: (mock, format) => create(mock, pointer, { format }) };
    }
  }
}

/** The catalogue text the answer must carry, with the values this test sent. */
function expectedDiagnostics(
  name: TriggerDiagnostics,
  trigger: Trigger,
  carried: Carried,
  interaction: Trigger['interactions'][number],
): string {
  const master = carried.pointer?.masterIdentifier;
  const texts: Record<TriggerDiagnostics, () => string> = {
    invalidNhsNumber: () => diagnostics.invalidNhsNumber(trigger.nhsNumber!),
    patientUrlForm: () => diagnostics.patientUrlForm(),
    idNotAlone: () => diagnostics.idNotAlone(),
    fromAsidMissing: () => diagnostics.fromAsidMissing(),
    unsupportedMediaType: () => diagnostics.unsupportedMediaType(),
    patientNotFound: () => diagnostics.patientNotFound(trigger.nhsNumber!),
    noPointerWithId: () => diagnostics.noPointerWithId(trigger.pointerId ?? DELETE_IDENTIFIER.value),
    custodianNotAffiliated: () => diagnostics.custodianNotAffiliated(),
    duplicate: () => diagnostics.duplicate(master!.value!, master!.system!),
    organisationNotFound: () => diagnostics.organisationNotFound(PROVIDER.ods),
    invalidRequestMessage: () => diagnostics.invalidRequestMessage(),
    // Searches go as the consumer, writes as the provider (test/support/mock.ts); a supersede is a create.
    interactionNotAuthorised: () =>
      diagnostics.interactionNotAuthorised(
        interaction === 'search' ? CONSUMER.asid : PROVIDER.asid,
        interactionId(interaction === 'supersede' ? 'create' : interaction),
      ),
  };
  return texts[name]();
}

function assertPointers(bundle: Bundle, total: number) {
  assert.equal(bundle.total, total, 'Bundle.total');
  assert.equal(bundle.entry?.length ?? 0, total, 'one entry per pointer');
  for (const { resource } of bundle.entry ?? []) {
    assert.equal(isValidPointer(resource), undefined, `${resource.id} is a valid NRLS-DocumentReference-1 pointer`);
    assert.deepEqual(resource.meta.profile, [POINTER_PROFILE]);
  }
}

async function assertArmed(trigger: Trigger, interaction: TriggerInteraction, format: Format) {
  const mock = testMock({ triggers: withTriggerDelay(TABLE, 80) });
  const carried = carrying(trigger, interaction);
  const { outcome } = trigger;
  switch (outcome.kind) {
    case 'spine-error': {
      const res = await carried.send(mock, format);
      assert.equal(res.status, outcome.status);
      const expected = expectedDiagnostics(outcome.diagnostics, trigger, carried, interaction);
      assertOutcome(res, outcome.error as OutcomeKey, expected);
      return;
    }
    case 'empty-bundle':
      return assertPointers(bundleOf(await carried.send(mock, format)), 0);
    case 'many-pointers':
    case 'superseded-lineage': {
      const bundle = bundleOf(await carried.send(mock, format));
      const size = outcome.kind === 'many-pointers' ? outcome.count : outcome.length;
      assertPointers(bundle, trigger.pointerId ? 1 : size);
      if (trigger.pointerId) assert.equal(bundle.entry![0]!.resource.id, trigger.pointerId);
      if (outcome.kind === 'superseded-lineage') assertLineage(bundle, trigger.pointerId ? 1 : size);
      if (!trigger.pointerId) {
        // NRLS-SEARCH-010: _summary=count gives the total and no entry.
        const counted = bundleOf(
          await search(mock, subjectQuery(trigger.nhsNumber!, { _summary: 'count' }), { format }),
        );
        assert.equal(counted.total, size);
        assert.equal(counted.entry, undefined);
      }
      return;
    }
    case 'internal-error': {
      const res = await carried.send(mock, format);
      assert.equal(res.status, 500);
      assert.match(res.headers['content-type'] ?? '', /^text\/html/);
      assert.equal(mock.internalErrors.length, 0, 'a simulated 500 is not reported as an internal error');
      return;
    }
    case 'slow': {
      const started = performance.now();
      const res = await carried.send(mock, format);
      assert.ok(performance.now() - started >= 80, 'answered after the delay');
      // Then the normal answer: what a mock without triggers gives the same request.
      const normal = await carrying(trigger, interaction).send(testMock(), format);
      assert.equal(res.status, normal.status);
      return;
    }
    case 'dropped-connection':
      await assert.rejects(carried.send(mock, format), { code: 'ECONNRESET', message: 'socket hang up' });
      if (interaction === 'create') assert.equal(mock.app.store.findForPatient(trigger.nhsNumber!).length, 0);
      return;
  }
}

/** NRLS-SUPERSEDE-002/008: each pointer replaces the previous one; all but the last are superseded. */
function assertLineage(bundle: Bundle, size: number) {
  const pointers = bundle.entry!.map((entry) => entry.resource);
  if (size === 1) {
    assert.equal(pointers[0]!.status, 'current');
    assert.equal(pointers[0]!.relatesTo?.[0]?.code, 'replaces');
    return;
  }
  assert.deepEqual(
    pointers.map((pointer) => pointer.status),
    [...Array(size - 1).fill('superseded'), 'current'],
  );
  for (const [at, pointer] of pointers.entries()) {
    if (at === 0) assert.equal(pointer.relatesTo, undefined);
    else assert.deepEqual(pointer.relatesTo?.[0]?.target?.identifier, pointers[at - 1]!.masterIdentifier);
  }
}

describe('simulator triggers', () => {
  for (const trigger of TABLE.triggers) {
    for (const interaction of trigger.interactions) {
      const formats =
        trigger.outcome.kind === 'slow' || trigger.outcome.kind === 'dropped-connection' ? ['json' as const] : FORMATS;
      for (const format of formats) {
        const rows = trigger.tkw.join(', ') || 'ours';
        it(`${trigger.id} (${rows}): ${interaction} answers ${trigger.outcome.kind} (${format})`, () =>
          assertArmed(trigger, interaction, format));
      }
    }
  }

  it('AMB-39: an internal-error trigger answers the 1.2.1 OperationOutcome when so configured', async () => {
    const mock = testMock({ triggers: TABLE, internalErrorBody: 'operation-outcome' });
    const res = await create(mock, buildPointer({ nhsNumber: '9462207127', custodian: PROVIDER.ods }));
    assertOutcome(res, 'INTERNAL_SERVER_ERROR', /^There has been an internal error when attempting to persist/);
  });

  it('a duplicate trigger fires only for a pointer with a masterIdentifier (T073)', async () => {
    const mock = testMock({ triggers: TABLE });
    const res = await create(
      mock,
      buildPointer({ nhsNumber: '9462207119', custodian: PROVIDER.ods, masterIdentifier: null }),
    );
    assert.equal(res.status, 201);
  });

  it('a trigger fires only on its interactions: a search trigger number is created normally', async () => {
    const mock = testMock({ triggers: TABLE });
    const res = await create(mock, buildPointer({ nhsNumber: '9462205655', custodian: PROVIDER.ods }));
    assert.equal(res.status, 201);
  });

  it('a custodian filter narrows the synthesised pointers as it would stored ones', async () => {
    const mock = testMock({ triggers: TABLE });
    const query = (ods: string) =>
      subjectQuery('9462205736', { 'custodian.identifier': `https://fhir.nhs.uk/Id/ods-organization-code|${ods}` });
    assert.equal(bundleOf(await search(mock, query('RR8'))).total, 2);
    assert.equal(bundleOf(await search(mock, query('MHT01'))).total, 0);
  });

  it('sets ctx.trigger to the matched trigger and its outcome', async () => {
    const stage = simulatorVariant(TABLE).stages!.performInteraction!(
      () => assert.fail('normal stage run'),
      PRODUCTION_RULES,
    );
    const ctx = {
      interaction: 'search',
      searchQuery: { by: 'subject', nhsNumber: '9462205965', countOnly: false },
    } as unknown as RequestContext;
    await stage(ctx);
    assert.deepEqual(ctx.trigger, { id: 'search-empty-bundle', outcome: 'empty-bundle' });
    const failing = {
      ...ctx,
      searchQuery: { by: 'subject', nhsNumber: '9462205701', countOnly: false },
    } as RequestContext;
    await assert.rejects(async () => stage(failing), { key: 'NO_RECORD_FOUND' });
    assert.deepEqual(failing.trigger, { id: 'search-patient-not-found', outcome: 'spine-error' });
  });
});

describe('a request with a defect of its own gets the real error, trigger value or not (AMB-50)', () => {
  it('an unknown search parameter with the 500 trigger number: 400 INVALID_PARAMETER', async () => {
    const mock = testMock({ triggers: TABLE });
    const res = await search(mock, subjectQuery('9462206082', { _count: '5' }));
    assertOutcome(res, 'INVALID_PARAMETER', diagnostics.unknownParameters(['_count']));
  });

  it('a consumer creating with the 500 trigger number: 403 ACCESS_DENIED', async () => {
    const mock = testMock({ triggers: TABLE });
    const res = await create(mock, buildPointer({ nhsNumber: '9462207127', custodian: 'AMS01' }), { as: CONSUMER });
    assertOutcome(res, 'ACCESS_DENIED');
  });

  it('no fromASID with the dropped-connection trigger number: 400 MISSING_OR_INVALID_HEADER, answered', async () => {
    const mock = testMock({ triggers: TABLE });
    const headers: Record<string, string> = nrlsHeaders(CONSUMER, { spineAsid: SPINE_ASID, access: 'read' });
    delete headers.fromASID;
    const res = await mock.http
      .get('/DocumentReference')
      .query(subjectQuery('9462206104'))
      .set(headers)
      .set('Accept', ACCEPT.json);
    assertOutcome(res, 'MISSING_OR_INVALID_HEADER', diagnostics.fromAsidMissing());
  });
});

describe('without config.triggers nothing changes', () => {
  it('a trigger NHS number is an unknown patient: 404 NO_RECORD_FOUND', async () => {
    const res = await search(testMock(), subjectQuery('9462206074'));
    assertOutcome(res, 'NO_RECORD_FOUND', diagnostics.patientNotFound('9462206074'));
  });

  it('a trigger _id matches no pointer: 404 NO_RECORD_FOUND', async () => {
    const id = 'c037a0cb-ab12-4976-83a1-a5d2703e6aa3-1a2b3c4d5e6f7g8h9i0j';
    assertOutcome(await search(testMock(), { _id: id }), 'NO_RECORD_FOUND', diagnostics.noPointerWithId(id));
  });

  it('a create for a trigger NHS number is stored (201)', async () => {
    const res = await create(testMock(), buildPointer({ nhsNumber: '9462207127', custodian: PROVIDER.ods }));
    assert.equal(res.status, 201);
  });
});
