// The mock's reference data: Spine ASID, client ASIDs, organisations, known patients, the record-type
// value set and seeded pointers, one JSON file each in a fixtures folder. Every file is validated when
// loaded; a bad one stops the mock with an error naming the file and the field.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, relative } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { INTERACTIONS, type Interaction } from '../src/domain/identifiers.ts';
import { isValidNhsNumber } from '../src/domain/nhs-number.ts';
import { nhsNumberOf, odsCodeOf, type StoredPointer } from '../src/domain/pointer.ts';
import { isFhirInstant } from '../src/domain/fhir-datetime.ts';
import { POINTER_LOCATION_PREFIX, compilePointerValidator, elementPath } from './validation/pointer-validator.ts';
import { pointerProfileSchema, type RecordType } from './validation/profile-schema.ts';
import { checkJsonResource } from '../src/domain/stu3-json.ts';
import type { FhirResource } from '../src/domain/stu3-xml.ts';

export interface ClientSystem {
  asid: string;
  ods: string;
  description?: string;
  interactions: Interaction[];
}

export interface Organisation {
  ods: string;
  name?: string;
  providerRole: boolean;
}

/**
 * What the mock does with a create or supersede for a valid NHS number it does not know: `accept` makes
 * the patient known (AMB-40, NRLS-CREATE-025, the default); `refuse` answers as the live NRLS does,
 * which only takes pointers for patients Spine knows.
 */
export type NewPatients = 'accept' | 'refuse';
export const NEW_PATIENTS: readonly NewPatients[] = ['accept', 'refuse'];

export interface Fixtures {
  spineAsid: string;
  asids: ClientSystem[];
  organisations: Organisation[];
  knownPatients: string[];
  /** patients.json `newPatients`, `accept` when absent. */
  newPatients: NewPatients;
  recordTypes: RecordType[];
  pointers: StoredPointer[];
}

export const DEFAULT_FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

export class FixtureError extends Error {
  override name = 'FixtureError';
}

const nonEmpty = { type: 'string', minLength: 1 };
const FILES = {
  'spine.json': {
    type: 'object',
    required: ['spineAsid'],
    additionalProperties: false,
    properties: { spineAsid: nonEmpty },
  },
  'asids.json': {
    type: 'array',
    items: {
      type: 'object',
      required: ['asid', 'ods', 'interactions'],
      additionalProperties: false,
      properties: {
        asid: nonEmpty,
        ods: nonEmpty,
        description: { type: 'string' },
        interactions: { type: 'array', uniqueItems: true, items: { enum: [...INTERACTIONS] } },
      },
    },
  },
  'organisations.json': {
    type: 'array',
    items: {
      type: 'object',
      required: ['ods', 'providerRole'],
      additionalProperties: false,
      properties: { ods: nonEmpty, name: { type: 'string' }, providerRole: { type: 'boolean' } },
    },
  },
  'patients.json': {
    type: 'object',
    required: ['knownPatients'],
    additionalProperties: false,
    properties: { knownPatients: { type: 'array', items: nonEmpty }, newPatients: { enum: [...NEW_PATIENTS] } },
  },
  'record-types.json': {
    type: 'array',
    minItems: 1,
    items: {
      type: 'object',
      required: ['system', 'code', 'display'],
      additionalProperties: false,
      properties: { system: nonEmpty, code: nonEmpty, display: nonEmpty },
    },
  },
  'pointers.json': {
    type: 'array',
    items: {
      type: 'object',
      required: ['resourceType', 'id', 'meta'],
      properties: {
        resourceType: { const: 'DocumentReference' },
        id: nonEmpty,
        meta: {
          type: 'object',
          required: ['versionId', 'lastUpdated'],
          properties: { versionId: { type: 'string', pattern: '^[1-9][0-9]*$' }, lastUpdated: nonEmpty },
        },
      },
    },
  },
} as const;

type FileName = keyof typeof FILES;

function describe(error: ErrorObject): string {
  const where = elementPath(error.instancePath) || '(top level)';
  if (error.keyword === 'required')
    return (
      `${elementPath(error.instancePath, (error.params as { missingProperty: string }).missingProperty)} is ` +
      `missing`
    );
  if (error.keyword === 'additionalProperties')
    return `${where}: unexpected field ${(error.params as { additionalProperty: string }).additionalProperty}`;
  if (error.keyword === 'enum')
    return `${where} must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
  return `${where} ${error.message}`;
}

/** Loads and validates the fixtures in `dir`; throws FixtureError naming the file and field at fault. */
export function loadFixtures(dir: string = DEFAULT_FIXTURES_DIR): Fixtures {
  const ajv = new Ajv({ allErrors: false });
  const shown = (file: string) => relative(process.cwd(), join(dir, file)) || join(dir, file);
  const read = <T>(file: FileName): T => {
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new FixtureError(
        code === 'ENOENT'
          ? `${shown(file)}: file is missing (a fixtures folder needs ${Object.keys(FILES).join(', ')})`
          : `${shown(file)}: ${(error as Error).message}`,
      );
    }
    const validate = ajv.compile(FILES[file]);
    if (!validate(data)) throw new FixtureError(`${shown(file)}: ${describe(validate.errors![0]!)}`);
    return data as T;
  };
  const fail = (file: FileName, message: string): never => {
    throw new FixtureError(`${shown(file)}: ${message}`);
  };

  const { spineAsid } = read<{ spineAsid: string }>('spine.json');
  const organisations = read<Organisation[]>('organisations.json');
  const asids = read<ClientSystem[]>('asids.json');
  const { knownPatients, newPatients = 'accept' } = read<{ knownPatients: string[]; newPatients?: NewPatients }>(
    'patients.json',
  );
  const recordTypes = read<RecordType[]>('record-types.json');
  const pointers = read<StoredPointer[]>('pointers.json');

  const organisationByOds = new Map(organisations.map((organisation) => [organisation.ods, organisation]));
  const seen = new Set<string>();
  organisations.forEach((organisation, at) => {
    if (seen.has(organisation.ods)) fail('organisations.json', `[${at}].ods ${organisation.ods} is listed twice`);
    seen.add(organisation.ods);
  });
  seen.clear();
  asids.forEach((client, at) => {
    if (seen.has(client.asid)) fail('asids.json', `[${at}].asid ${client.asid} is listed twice`);
    seen.add(client.asid);
    if (!organisationByOds.has(client.ods))
      fail('asids.json', `[${at}].ods ${client.ods} is not in organisations.json`);
  });
  knownPatients.forEach((nhsNumber, at) => {
    if (!isValidNhsNumber(nhsNumber))
      fail('patients.json', `knownPatients[${at}] ${nhsNumber} is not a valid NHS number (10 digits, Modulus 11)`);
  });

  const validatePointer = compilePointerValidator(pointerProfileSchema(recordTypes));
  const masterIdentifiers = new Set<string>();
  seen.clear();
  pointers.forEach((pointer, at) => {
    const problem = validatePointer(pointer);
    if (problem) {
      const field = problem.location?.slice(POINTER_LOCATION_PREFIX.length);
      fail(
        'pointers.json',
        `[${at}]${field ? `.${field}` : ''} is not valid for an NRLS pointer: ${problem.diagnostics}`,
      );
    }
    const asStu3 = checkJsonResource(pointer as FhirResource);
    if (!asStu3.ok)
      fail('pointers.json', `[${at}]${asStu3.elementPath ? `.${asStu3.elementPath}` : ''}: ${asStu3.reason}`);
    if (seen.has(pointer.id)) fail('pointers.json', `[${at}].id ${pointer.id} is used twice`);
    seen.add(pointer.id);
    if (!isFhirInstant(pointer.meta.lastUpdated))
      fail('pointers.json', `[${at}].meta.lastUpdated is not a FHIR instant`);
    const nhsNumber = nhsNumberOf(pointer)!;
    if (!isValidNhsNumber(nhsNumber))
      fail('pointers.json', `[${at}].subject.reference: ${nhsNumber} is not a valid NHS number`);
    for (const [field, reference] of [
      ['custodian', pointer.custodian?.reference],
      ['author[0]', pointer.author?.[0]?.reference],
    ] as const) {
      const ods = odsCodeOf(reference)!;
      const organisation = organisationByOds.get(ods);
      if (!organisation)
        fail('pointers.json', `[${at}].${field}.reference: ODS code ${ods} is not in organisations.json`);
      if (field === 'custodian' && !organisation!.providerRole)
        fail('pointers.json', `[${at}].custodian.reference: ${ods} does not have the provider role`);
    }
    const master = pointer.masterIdentifier;
    if (master) {
      const key = `${nhsNumber}|${master.system}|${master.value}`;
      if (masterIdentifiers.has(key))
        fail('pointers.json', `[${at}].masterIdentifier is used twice for patient ${nhsNumber}`);
      masterIdentifiers.add(key);
    }
  });

  return { spineAsid, asids, organisations, knownPatients, newPatients, recordTypes, pointers };
}
