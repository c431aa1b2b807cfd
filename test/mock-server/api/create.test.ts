import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildPointer, uniqueMasterIdentifier } from '../../../src/domain/pointer-builder.ts';
import { generateNhsNumber } from '../../../src/domain/nhs-number.ts';
import { POINTER_PROFILE } from '../../../src/domain/identifiers.ts';
import type { Pointer } from '../../../src/domain/pointer.ts';
import {
  KNOWN_PATIENT,
  OTHER_PROVIDER,
  PROVIDER,
  assertOutcome,
  bundleOf,
  create,
  createdId,
  search,
  subjectQuery,
  testFixtures,
  testMock,
  type Format,
} from '../../support/mock.ts';

const FORMATS: Format[] = ['json', 'xml'];
const mine = (nhsNumber = KNOWN_PATIENT) => buildPointer({ nhsNumber, custodian: PROVIDER.ods });

describe('create a pointer', () => {
  for (const format of FORMATS) {
    it(
      `NRLS-CREATE-001, NRLS-CREATE-005, NRLS-CREATE-006, NRLS-OO-005, ` +
        `NRLS-OO-006: a valid pointer in ${format} gets 201 RESOURCE_CREATED`,
      async () => {
        const mock = testMock();
        const res = await create(mock, mine(), { format });
        const issue = assertOutcome(res, 'RESOURCE_CREATED', 'Successfully created resource DocumentReference');
        assert.match(issue.details?.text ?? '', /^[0-9a-f-]{36}$/, 'details.text is the Spine message UUID');
        assert.match(
          res.headers['content-type']!,
          format === 'json' ? /^application\/fhir\+json;charset=utf-8$/ : /^application\/fhir\+xml;charset=utf-8$/,
        );
      },
    );

    it(
      `NRLS-CREATE-007, NRLS-GEN-003, NRLS-GEN-004, NRLS-ID-001, NRLS-ID-002 ` +
        `(AMB-52): the Location is the ?_id= form of a new opaque id (${format})`,
      async () => {
        const mock = testMock();
        const first = await create(mock, mine(), { format });
        const second = await create(mock, mine(), { format });
        assert.match(
          first.headers.location!,
          /^http:\/\/127\.0\.0\.1:\d+\/DocumentReference\?_id=[0-9a-f-]{36}-\d{20}$/,
        );
        assert.notEqual(createdId(first), createdId(second));
      },
    );

    it(
      `NRLS-CREATE-008, NRLS-CREATE-023, NRLS-CREATE-024, NRLS-SEARCH-015, NRLS-SEARCH-016: ` +
        `the new pointer is found at version 1 with what was sent (${format})`,
      async () => {
        const mock = testMock();
        const pointer = mine();
        const id = createdId(await create(mock, pointer, { format }));
        const bundle = bundleOf(await search(mock, { _id: id }, { format }));
        const stored = bundle.entry![0]!.resource;
        assert.equal(stored.id, id);
        assert.equal(stored.meta.versionId, '1');
        assert.deepEqual((stored.meta as { profile: string[] }).profile, [POINTER_PROFILE]);
        assert.ok(
          Date.now() - Date.parse((stored.meta as { lastUpdated: string }).lastUpdated) < 60_000,
          'lastUpdated is server time',
        );
        const { id: _id, meta: _meta, ...content } = stored;
        const { meta: _sentMeta, ...sent } = pointer;
        assert.deepEqual(content, sent);
      },
    );
  }

  it(
    'NRLS-OO-004, NRLS-GEN-004: every OperationOutcome carries ' + "a fresh id of the guide's <uuid>-<20 digits> form",
    async () => {
      const mock = testMock();
      const ids = new Set<string>();
      for (const res of [
        await create(mock, mine()),
        await create(mock, { resourceType: 'Patient' }),
        await search(mock, { _id: 'nothing' }),
      ]) {
        const outcome = JSON.parse(res.text) as { resourceType: string; id: string };
        assert.equal(outcome.resourceType, 'OperationOutcome');
        assert.match(outcome.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-\d{20}$/);
        ids.add(outcome.id);
      }
      assert.equal(ids.size, 3);
    },
  );

  it('NRLS-CREATE-009, NRLS-CREATE-010 (AMB-30): a client id and versionId are ignored', async () => {
    const mock = testMock();
    const pointer = { ...mine(), id: 'client-chosen-id', meta: { versionId: '7' } };
    const id = createdId(await create(mock, pointer));
    assert.notEqual(id, 'client-chosen-id');
    const stored = bundleOf(await search(mock, { _id: id })).entry![0]!.resource;
    assert.equal(stored.meta.versionId, '1');
    assertOutcome(await search(mock, { _id: 'client-chosen-id' }), 'NO_RECORD_FOUND');
  });

  it('NRLS-CREATE-012, NRLS-ID-001: masterIdentifier is optional', async () => {
    const mock = testMock();
    const res = await create(
      mock,
      buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: PROVIDER.ods, masterIdentifier: null }),
    );
    assertOutcome(res, 'RESOURCE_CREATED');
  });

  it(
    'NRLS-CREATE-013, NRLS-ID-004, NRLS-PROF-017, NRLS-ERR-007 (AMB-42): a second ' +
      'pointer with the same masterIdentifier for the same patient is DUPLICATE_REJECTED',
    async () => {
      const mock = testMock();
      const master = uniqueMasterIdentifier();
      assertOutcome(
        await create(
          mock,
          buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: PROVIDER.ods, masterIdentifier: master }),
        ),
        'RESOURCE_CREATED',
      );
      const again = await create(
        mock,
        buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: PROVIDER.ods, masterIdentifier: master }),
      );
      assertOutcome(
        again,
        'DUPLICATE_REJECTED',
        `Duplicate masterIdentifier value: ${master.value} system: ${master.system}`,
      );
    },
  );

  it('NRLS-CREATE-014, NRLS-ID-005: the same masterIdentifier for a different patient is accepted', async () => {
    const mock = testMock();
    const master = uniqueMasterIdentifier();
    assertOutcome(
      await create(mock, buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: PROVIDER.ods, masterIdentifier: master })),
      'RESOURCE_CREATED',
    );
    assertOutcome(
      await create(
        mock,
        buildPointer({ nhsNumber: generateNhsNumber(), custodian: PROVIDER.ods, masterIdentifier: master }),
      ),
      'RESOURCE_CREATED',
    );
  });

  it(
    'NRLS-CREATE-003, NRLS-AUTHZ-013, NRLS-PROF-016, NRLS-HDR-009, NRLS-ODS-003 ' +
      '(AMB-28): a custodian not affiliated with fromASID is INVALID_RESOURCE',
    async () => {
      const mock = testMock();
      const res = await create(mock, buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: OTHER_PROVIDER.ods }));
      assertOutcome(res, 'INVALID_RESOURCE', 'The custodian ODS code is not affiliated with the sender ASID.');
    },
  );

  it(
    'NRLS-CREATE-019, NRLS-PROF-015, NRLS-ODS-001, NRLS-ODS-002, NRLS-ODS-004, NRLS-ERR-009 ' +
      '(AMB-25, AMB-26, AMB-57): an unknown author ODS code is 400 ORGANISATION_NOT_FOUND',
    async () => {
      const mock = testMock();
      for (const author of ['XYZ99', '', 'rgd']) {
        const res = await create(mock, buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: PROVIDER.ods, author }));
        assertOutcome(
          res,
          'ORGANISATION_NOT_FOUND',
          `The ODS code in the custodian and/or author element is not resolvable – ${author}.`,
        );
      }
    },
  );

  it(
    'NRLS-CREATE-019, NRLS-AUTHZ-016: a custodian without the provider ' +
      'role is ORGANISATION_NOT_FOUND; an author needs no role',
    async () => {
      const fixtures = testFixtures();
      fixtures.organisations.find((organisation) => organisation.ods === 'MHT01')!.providerRole = false;
      const mock = testMock({ fixtures });
      const res = await create(mock, mine());
      assertOutcome(
        res,
        'ORGANISATION_NOT_FOUND',
        'The ODS code in the custodian and/or author element is not resolvable – MHT01.',
      );
      const authorIsProvider = await create(
        testMock(),
        buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: PROVIDER.ods, author: 'RR8' }),
      );
      assertOutcome(authorIsProvider, 'RESOURCE_CREATED');
    },
  );

  it(
    'NRLS-CREATE-025, NRLS-NHS-004 (AMB-40): a create for ' + 'a valid unseen NHS number makes the patient known',
    async () => {
      const mock = testMock();
      const nhsNumber = generateNhsNumber();
      assertOutcome(await search(mock, subjectQuery(nhsNumber)), 'NO_RECORD_FOUND');
      assertOutcome(await create(mock, mine(nhsNumber)), 'RESOURCE_CREATED');
      assert.equal(bundleOf(await search(mock, subjectQuery(nhsNumber))).total, 1);
    },
  );

  it('NRLS-PROF-021 (AMB-61): extra STU3 elements are stored and echoed unchanged', async () => {
    const mock = testMock();
    const pointer: Pointer = {
      ...mine(),
      description: 'Crisis plan',
      class: { coding: [{ system: 'http://example.org/class', code: 'x' }] },
      context: { period: { start: '2018-01-01' }, practiceSetting: { text: 'Mental health' } },
      extension: [{ url: 'https://example.org/extension', valueString: 'kept' }],
    };
    for (const format of FORMATS) {
      const id = createdId(await create(mock, { ...pointer, masterIdentifier: uniqueMasterIdentifier() }, { format }));
      const stored = bundleOf(await search(mock, { _id: id }, { format })).entry![0]!.resource;
      assert.deepEqual(
        [stored.description, stored.class, stored.context, stored.extension],
        [pointer.description, pointer.class, pointer.context, pointer.extension],
      );
    }
  });

  it(
    'NRLS-CREATE-015, NRLS-ID-006: a masterIdentifier outside ' + 'urn:ietf:rfc:3986 is not enforced by the server',
    async () => {
      const mock = testMock();
      const pointer = buildPointer({
        nhsNumber: KNOWN_PATIENT,
        custodian: PROVIDER.ods,
        masterIdentifier: { system: 'https://provider.example/ids', value: 'local-42' },
      });
      assertOutcome(await create(mock, pointer), 'RESOURCE_CREATED');
    },
  );

  it('NRLS-PROF-019: any MIME type of type/subtype shape is accepted as contentType', async () => {
    const mock = testMock();
    for (const contentType of ['text/html', 'application/vnd.example+json', 'image/png']) {
      const pointer = mine();
      pointer.content![0]!.attachment!.contentType = contentType;
      assertOutcome(await create(mock, pointer), 'RESOURCE_CREATED');
    }
  });

  it('NRLS-PROF-020 (AMB-47): type.coding.display is required but not compared with the value set', async () => {
    const mock = testMock();
    const pointer = mine();
    pointer.type!.coding![0]!.display = 'Crisis plan';
    assertOutcome(await create(mock, pointer), 'RESOURCE_CREATED');
  });
});
