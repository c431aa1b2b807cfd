// Fixtures: the default folder loads; a copied folder with one defect at a time is refused with a
// FixtureError naming the file and the field; a replaced folder changes what the mock does.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { DEFAULT_FIXTURES_DIR, FixtureError, loadFixtures } from '../../mock-server/fixtures.ts';
import { nrlsHeaders } from '../../src/domain/client-identity.ts';
import { ORGANISATION_URL_PREFIX, PATIENT_URL_PREFIX } from '../../src/domain/identifiers.ts';
import {
  CONSUMER,
  KNOWN_PATIENT,
  SEEDED_PATIENT,
  assertOutcome,
  bundleOf,
  search,
  subjectQuery,
  testMock,
} from '../support/mock.ts';

const FILES = [
  'spine.json',
  'asids.json',
  'organisations.json',
  'patients.json',
  'record-types.json',
  'pointers.json',
] as const;
type FixtureFile = (typeof FILES)[number];

/** A copy of the default fixtures in a temporary folder, removed after the test. */
function copyOfFixtures(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'nrls-fixtures-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(DEFAULT_FIXTURES_DIR, dir, { recursive: true });
  return dir;
}

function edit(dir: string, file: FixtureFile, change: (data: any) => unknown): void {
  const path = join(dir, file);
  const changed = change(JSON.parse(readFileSync(path, 'utf8')));
  writeFileSync(path, typeof changed === 'string' ? changed : JSON.stringify(changed, null, 2));
}

/** Asserts loading `dir` fails with a FixtureError `<path of file>: <text matching field>`. */
function assertFixtureError(dir: string, file: FixtureFile, field: RegExp): void {
  assert.throws(
    () => loadFixtures(dir),
    (error: Error) => {
      assert.ok(error instanceof FixtureError, `${error.name}: ${error.message}`);
      const match = /^(.+?\.json): (.+)$/s.exec(error.message);
      assert.ok(match, `"${error.message}" starts with the file`);
      assert.equal(resolve(match[1]!), join(dir, file), 'the message names the file');
      assert.match(match[2]!, field, 'the message names the field');
      return true;
    },
  );
}

interface Defect {
  defect: string;
  file: FixtureFile;
  change: (data: any) => unknown;
  field: RegExp;
  /** Set when the mock does not yet meet the rule: the case still asserts it. */
}

const organisationUrl = (ods: string) => `${ORGANISATION_URL_PREFIX}${ods}`;

const DEFECTS: Defect[] = [
  // Invalid JSON
  {
    defect: 'a file that is not JSON',
    file: 'asids.json',
    change: () => '[{"asid": }',
    field: /is not valid JSON|Unexpected token/,
  },
  { defect: 'an empty file', file: 'spine.json', change: () => '', field: /Unexpected end of JSON input/ },
  // Wrong type of a field, missing or unexpected fields
  {
    defect: 'providerRole that is not a boolean',
    file: 'organisations.json',
    change: (d) => {
      d[1].providerRole = 'yes';
      return d;
    },
    field: /^\[1\]\.providerRole must be boolean$/,
  },
  {
    defect: 'a numeric spineAsid',
    file: 'spine.json',
    change: (d) => {
      d.spineAsid = 999999999999;
      return d;
    },
    field: /^spineAsid must be string$/,
  },
  {
    defect: 'knownPatients that is not an array',
    file: 'patients.json',
    change: (d) => {
      d.knownPatients = '9876543210';
      return d;
    },
    field: /^knownPatients must be array$/,
  },
  {
    defect: 'an ASID without ods',
    file: 'asids.json',
    change: (d) => {
      delete d[0].ods;
      return d;
    },
    field: /^\[0\]\.ods is missing$/,
  },
  {
    defect: 'an organisation with an unexpected field',
    file: 'organisations.json',
    change: (d) => {
      d[0].role = 'provider';
      return d;
    },
    field: /^\[0\]: unexpected field role$/,
  },
  {
    defect: 'an empty record-type value set',
    file: 'record-types.json',
    change: () => [],
    field: /must NOT have fewer than 1 items/,
  },
  { defect: 'pointers that are not an array', file: 'pointers.json', change: () => ({}), field: /must be array/ },
  // NRLS-CREATE-025 (AMB-40): what a create for a patient not in knownPatients gets
  {
    defect: 'a newPatients that is neither accept nor refuse',
    file: 'patients.json',
    change: (d) => {
      d.newPatients = 'ignore';
      return d;
    },
    field: /^newPatients must be one of accept, refuse$/,
  },
  {
    defect: 'a boolean newPatients',
    file: 'patients.json',
    change: (d) => {
      d.newPatients = false;
      return d;
    },
    field: /^newPatients must be one of accept, refuse$/,
  },
  // Unknown interaction
  {
    defect: 'an unknown interaction',
    file: 'asids.json',
    change: (d) => {
      d[1].interactions = ['search', 'update'];
      return d;
    },
    field: /^\[1\]\.interactions\[1\] must be one of search, create, delete$/,
  },
  // Cross-file references
  {
    defect: 'an ASID whose ODS code is not an organisation',
    file: 'asids.json',
    change: (d) => {
      d[0].ods = 'ZZZ99';
      return d;
    },
    field: /^\[0\]\.ods ZZZ99 is not in organisations\.json$/,
  },
  {
    defect: 'a seeded pointer whose custodian is not an organisation',
    file: 'pointers.json',
    change: (d) => {
      d[0].custodian.reference = organisationUrl('ZZZ99');
      return d;
    },
    field: /^\[0\]\.custodian\.reference: ODS code ZZZ99 is not in organisations\.json$/,
  },
  {
    defect: 'a seeded pointer whose author is not an organisation',
    file: 'pointers.json',
    change: (d) => {
      d[1].author[0].reference = organisationUrl('ZZZ99');
      return d;
    },
    field: /^\[1\]\.author\[0\]\.reference: ODS code ZZZ99 is not in organisations\.json$/,
  },
  {
    defect: 'a seeded pointer whose custodian has no provider role',
    file: 'pointers.json',
    change: (d) => {
      d[2].custodian.reference = organisationUrl('RGD');
      return d;
    },
    field: /^\[2\]\.custodian\.reference: RGD does not have the provider role$/,
  },
  // Invalid NHS numbers
  ...['9876543211', '98765 43210', '987654321', 'nine'].map(
    (nhsNumber): Defect => ({
      defect: `the known patient ${nhsNumber}`,
      file: 'patients.json',
      change: (d) => {
        d.knownPatients[1] = nhsNumber;
        return d;
      },
      field: new RegExp(`^knownPatients\\[1\\] ${nhsNumber} is not a valid NHS number`),
    }),
  ),
  {
    defect: 'a seeded pointer for an invalid NHS number',
    file: 'pointers.json',
    change: (d) => {
      d[0].subject.reference = `${PATIENT_URL_PREFIX}9876543211`;
      return d;
    },
    field: /^\[0\]\.subject\.reference: 9876543211 is not a valid NHS number$/,
  },
  // Invalid seeded pointers
  {
    defect: 'a seeded pointer with a status outside the value set',
    file: 'pointers.json',
    change: (d) => {
      d[1].status = 'bogus';
      return d;
    },
    field: /^\[1\]\.status is not valid for an NRLS pointer: .*status: bogus$/,
  },
  {
    defect: 'a seeded pointer without indexed',
    file: 'pointers.json',
    change: (d) => {
      delete d[2].indexed;
      return d;
    },
    field: /^\[2\]\.indexed is not valid for an NRLS pointer: Resource is invalid : indexed$/,
  },
  {
    defect: 'a seeded pointer with a record type outside the value set',
    file: 'pointers.json',
    change: (d) => {
      d[0].type.coding[0].code = '718347000';
      return d;
    },
    field: new RegExp(
      /^\[0\]\.type\.coding\[0\]\.code is not valid for an NRLS /.source +
        /pointer: The type value 718347000 is not a valid value\.$/.source,
    ),
  },
  {
    defect: 'a seeded pointer with a non-numeric versionId',
    file: 'pointers.json',
    change: (d) => {
      d[0].meta.versionId = 'v1';
      return d;
    },
    field: /^\[0\]\.meta\.versionId must match pattern/,
  },
  {
    defect: 'a seeded pointer whose lastUpdated is not an instant',
    file: 'pointers.json',
    change: (d) => {
      d[0].meta.lastUpdated = 'yesterday';
      return d;
    },
    field: /^\[0\]\.meta\.lastUpdated is not a FHIR instant$/,
  },
  {
    defect: 'a seeded pointer of another resource type',
    file: 'pointers.json',
    change: (d) => {
      d[0].resourceType = 'Patient';
      return d;
    },
    field: /^\[0\]\.resourceType must be equal to constant/,
  },
  {
    defect: 'a seeded pointer whose subject is not a patient URL',
    file: 'pointers.json',
    change: (d) => {
      d[0].subject.reference = 'https://example.org/Patient/9876543210';
      return d;
    },
    field: /\[0\]\.subject\.reference/,
  },
  {
    defect: 'a seeded pointer whose custodian is not an organisation URL',
    file: 'pointers.json',
    change: (d) => {
      d[0].custodian.reference = 'https://example.org/Organization/RR8';
      return d;
    },
    field: /\[0\]\.custodian\.reference/,
  },
  {
    defect: 'a seeded pointer with an element STU3 does not define',
    file: 'pointers.json',
    change: (d) => {
      d[0].bogus = 'x';
      return d;
    },
    field: /\[0\]\.bogus/,
  },
  // Duplicates
  {
    defect: 'an ASID listed twice',
    file: 'asids.json',
    change: (d) => {
      d[1].asid = d[0].asid;
      return d;
    },
    field: /^\[1\]\.asid 200000000115 is listed twice$/,
  },
  {
    defect: 'an organisation listed twice',
    file: 'organisations.json',
    change: (d) => {
      d[1].ods = d[0].ods;
      return d;
    },
    field: /^\[1\]\.ods MHT01 is listed twice$/,
  },
  {
    defect: 'two seeded pointers with one id',
    file: 'pointers.json',
    change: (d) => {
      d[1].id = d[0].id;
      return d;
    },
    field: /^\[1\]\.id \S+ is used twice$/,
  },
  {
    defect: 'two seeded pointers with one masterIdentifier for a patient',
    file: 'pointers.json',
    change: (d) => {
      d[2].masterIdentifier = d[1].masterIdentifier;
      return d;
    },
    field: /^\[2\]\.masterIdentifier is used twice for patient 9876543210$/,
  },
  {
    defect: 'a seeded pointer without id',
    file: 'pointers.json',
    change: (d) => {
      delete d[0].id;
      return d;
    },
    field: /^\[0\]\.id is missing$/,
  },
];

describe('fixtures', () => {
  it("the default folder loads, with the spec's example identities and the RI defaults (Appendix C)", () => {
    const fixtures = loadFixtures();
    assert.deepEqual(loadFixtures(DEFAULT_FIXTURES_DIR), fixtures);
    assert.equal(fixtures.spineAsid, '999999999999');
    assert.deepEqual(
      fixtures.asids.map(({ asid, ods, interactions }) => ({ asid, ods, interactions })),
      [
        { asid: '200000000115', ods: 'AMS01', interactions: ['search'] },
        { asid: '200000000118', ods: 'MHT01', interactions: ['search', 'create', 'delete'] },
        { asid: '200000000119', ods: 'RR8', interactions: ['search', 'create', 'delete'] },
      ],
    );
    const providerRole = Object.fromEntries(fixtures.organisations.map(({ ods, providerRole: role }) => [ods, role]));
    assert.deepEqual(providerRole, { MHT01: true, RR8: true, '1XR': true, AMS01: false, RGD: false });
    assert.deepEqual(fixtures.knownPatients, [SEEDED_PATIENT, KNOWN_PATIENT]);
    assert.equal(fixtures.newPatients, 'accept');
    assert.deepEqual(fixtures.recordTypes, [
      { system: 'http://snomed.info/sct', code: '736253002', display: 'Mental health crisis plan (record artifact)' },
    ]);
    assert.equal(fixtures.pointers.length, 3);
    for (const pointer of fixtures.pointers)
      assert.equal(pointer.subject?.reference, `${PATIENT_URL_PREFIX}${SEEDED_PATIENT}`);
  });

  for (const file of FILES) {
    it(`a fixtures folder without ${file} is refused naming it`, (t) => {
      const dir = copyOfFixtures(t);
      unlinkSync(join(dir, file));
      assertFixtureError(dir, file, /^file is missing/);
    });
  }

  for (const { defect, file, change, field } of DEFECTS) {
    it(`${defect} is refused naming ${file} and the field`, (t) => {
      const dir = copyOfFixtures(t);
      edit(dir, file, change);
      assertFixtureError(dir, file, field);
    });
  }

  it(
    'NRLS-CREATE-025 (AMB-40): patients.json without newPatients ' + 'accepts new patients; "refuse" is read as it is',
    (t) => {
      const dir = copyOfFixtures(t);
      edit(dir, 'patients.json', (d) => {
        delete d.newPatients;
        return d;
      });
      assert.equal(loadFixtures(dir).newPatients, 'accept');
      edit(dir, 'patients.json', (d) => ({ ...d, newPatients: 'refuse' }));
      assert.equal(loadFixtures(dir).newPatients, 'refuse');
    },
  );

  it(
    'NRLS-AUTHZ-002 (AMB-60), NRLS-SEARCH-017: a replaced fixtures ' +
      'folder changes the Spine ASID and the seeded pointers',
    async (t) => {
      const dir = copyOfFixtures(t);
      edit(dir, 'spine.json', () => ({ spineAsid: '888888888888' }));
      edit(dir, 'pointers.json', () => []);
      const mock = testMock({ fixtures: loadFixtures(dir) });

      assertOutcome(
        await search(mock, subjectQuery(SEEDED_PATIENT)),
        'MISSING_OR_INVALID_HEADER',
        'toASID HTTP Header is missing',
      );
      const res = await mock.http
        .get('/DocumentReference')
        .query(subjectQuery(SEEDED_PATIENT))
        .set(nrlsHeaders(CONSUMER, { spineAsid: '888888888888', access: 'read' }))
        .set('Accept', 'application/fhir+json');
      assert.equal(bundleOf(res).total, 0, 'the patient is still known, with no seeded pointers');
      assert.equal(
        bundleOf(await search(testMock(), subjectQuery(SEEDED_PATIENT))).total,
        3,
        'the default fixtures are unaffected',
      );
    },
  );
});
