// Simulator triggers (fixtures/client-triggers.json): request values on which the mock answers a chosen
// outcome instead of the normal one, so that a client system can be shown meeting each answer NRLS 1.2.x
// may give it (a Spine error, an empty or large Bundle, a superseded lineage, a 500, a slow answer, a
// dropped connection). Derived from NHS's TKW trigger sheet (../shared/spec/nrl-api-2.x.md §5.5) and
// adapted to 1.2.x: docs/client-triggers.md lists each trigger, its TKW rows and how it differs.
// This file reads and checks the table; mock-server/simulator/ answers it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import { isValidNhsNumber } from '../domain/nhs-number.ts';

export const DEFAULT_TRIGGERS_FILE = fileURLToPath(new URL('../../fixtures/client-triggers.json', import.meta.url));

export const TRIGGER_INTERACTIONS = ['search', 'create', 'supersede', 'delete'] as const;
export type TriggerInteraction = (typeof TRIGGER_INTERACTIONS)[number];

/** The catalogue rows (mock-server/errors/catalogue.ts keys) a trigger may answer with (§2.6). */
export const TRIGGER_ERRORS = [
  'INVALID_NHS_NUMBER',
  'INVALID_PARAMETER',
  'MISSING_OR_INVALID_HEADER',
  'NO_RECORD_FOUND',
  'UNSUPPORTED_MEDIA_TYPE',
  'INVALID_RESOURCE',
  'DUPLICATE_REJECTED',
  'ORGANISATION_NOT_FOUND',
  'INVALID_REQUEST_MESSAGE',
  'ACCESS_DENIED',
] as const;
export type TriggerError = (typeof TRIGGER_ERRORS)[number];

/**
 * The catalogue diagnostics (mock-server/errors/diagnostics.ts, by function name) a Spine error trigger
 * answers with; the mock fills their values from the request (NHS number, _id, masterIdentifier, ODS code).
 */
export const TRIGGER_DIAGNOSTICS = [
  'invalidNhsNumber',
  'patientUrlForm',
  'idNotAlone',
  'fromAsidMissing',
  'unsupportedMediaType',
  'patientNotFound',
  'noPointerWithId',
  'custodianNotAffiliated',
  'duplicate',
  'organisationNotFound',
  'invalidRequestMessage',
  'interactionNotAuthorised',
] as const;
export type TriggerDiagnostics = (typeof TRIGGER_DIAGNOSTICS)[number];

/** What the mock answers a request that carries the trigger value. */
export type TriggerOutcome =
  | { kind: 'spine-error'; error: TriggerError; status: number; spineCode: string; diagnostics: TriggerDiagnostics }
  | { kind: 'empty-bundle' }
  /** `count` valid pointers of the patient (an `_id` search: the one pointer with that id). */
  | { kind: 'many-pointers'; count: number }
  /** `length` pointers, each superseding the one before: all but the last superseded (an `_id` search: the last). */
  | { kind: 'superseded-lineage'; length: number }
  /** AMB-39: the mock's own 500 (HTML or OperationOutcome, as configured). */
  | { kind: 'internal-error' }
  /** Waits `delayMs`, then answers as the interaction normally would. */
  | { kind: 'slow'; delayMs: number }
  /** The connection is closed with no answer. */
  | { kind: 'dropped-connection' };

export type TriggerKind = TriggerOutcome['kind'];
export const TRIGGER_KINDS: readonly TriggerKind[] = [
  'spine-error',
  'empty-bundle',
  'many-pointers',
  'superseded-lineage',
  'internal-error',
  'slow',
  'dropped-connection',
];
/** Outcomes that are a searchset: only a search can be answered with them. */
export const BUNDLE_KINDS: readonly TriggerKind[] = ['empty-bundle', 'many-pointers', 'superseded-lineage'];

export interface Trigger {
  /** Kebab-case id, e.g. `search-no-record-found`. */
  id: string;
  /** The interactions the value triggers on. */
  interactions: TriggerInteraction[];
  /** Matched against the NHS number of the subject (search, create, supersede, delete by master identifier). */
  nhsNumber?: string;
  /** Matched against `_id` (search or delete by logical id). */
  pointerId?: string;
  outcome: TriggerOutcome;
  /** The TKW trigger rows it derives from (T001…T089, X01…), [] for ours. */
  tkw: string[];
  /** How it differs from TKW, where it does. */
  note?: string;
}

/** TKW rows the table does not simulate, and why. */
export interface DroppedRows {
  tkw: string[];
  reason: string;
}

export interface TriggerTable {
  version: string;
  /** The TKW sheet the table is derived from. */
  derivedFrom: string;
  triggers: Trigger[];
  dropped: DroppedRows[];
}

export class TriggerTableError extends Error {
  override name = 'TriggerTableError';
}

const text = { type: 'string', minLength: 1 };
const tkwRows = { type: 'array', items: { type: 'string', pattern: '^(T|X)[0-9]{2,3}$' } };
/** The fields an outcome of these kinds has, and only those: an ajv if/then, built without a `then` literal. */
const forKinds = (kinds: TriggerKind[], required: string[], properties: Record<string, unknown>) =>
  Object.fromEntries([
    ['if', { properties: { kind: { enum: kinds } } }],
    [
      'then',
      { required: ['kind', ...required], additionalProperties: false, properties: { kind: true, ...properties } },
    ],
  ]);
const OUTCOME_SCHEMA = {
  type: 'object',
  required: ['kind'],
  properties: { kind: { enum: TRIGGER_KINDS } },
  allOf: [
    forKinds(['spine-error'], ['error', 'status', 'spineCode', 'diagnostics'], {
      error: { enum: TRIGGER_ERRORS },
      status: { type: 'integer', minimum: 400, maximum: 599 },
      spineCode: text,
      diagnostics: { enum: TRIGGER_DIAGNOSTICS },
    }),
    forKinds(['many-pointers'], ['count'], { count: { type: 'integer', minimum: 1, maximum: 500 } }),
    forKinds(['superseded-lineage'], ['length'], { length: { type: 'integer', minimum: 2, maximum: 20 } }),
    forKinds(['slow'], ['delayMs'], { delayMs: { type: 'integer', minimum: 0, maximum: 600_000 } }),
    forKinds(['empty-bundle', 'internal-error', 'dropped-connection'], [], {}),
  ],
};
const TABLE_SCHEMA = {
  type: 'object',
  required: ['version', 'derivedFrom', 'triggers', 'dropped'],
  additionalProperties: false,
  properties: {
    version: { type: 'string', pattern: '^[0-9]+\\.[0-9]+\\.[0-9]+$' },
    derivedFrom: text,
    triggers: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'interactions', 'outcome', 'tkw'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' },
          interactions: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: TRIGGER_INTERACTIONS } },
          nhsNumber: { type: 'string', pattern: '^[0-9]{10}$' },
          pointerId: { type: 'string', pattern: '^[A-Za-z0-9\\-.]{1,64}$' },
          outcome: OUTCOME_SCHEMA,
          tkw: tkwRows,
          note: text,
        },
      },
    },
    dropped: {
      type: 'array',
      items: {
        type: 'object',
        required: ['tkw', 'reason'],
        additionalProperties: false,
        properties: { tkw: { ...tkwRows, minItems: 1 }, reason: text },
      },
    },
  },
};

const validateTable = new Ajv({ allErrors: false }).compile<TriggerTable>(TABLE_SCHEMA);

/** `/triggers/3/outcome/kind` → `triggers[3].outcome.kind`. */
function fieldOf(instancePath: string, child?: string): string {
  const parts = instancePath.split('/').slice(1);
  if (child) parts.push(child);
  return parts.reduce(
    (path, part) => (/^[0-9]+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part),
    '',
  );
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') return `${fieldOf(error.instancePath, String(params.missingProperty))} is missing`;
  const where = fieldOf(error.instancePath) || '(top level)';
  if (error.keyword === 'additionalProperties')
    return `${where}: unexpected field ${String(params.additionalProperty)}`;
  if (error.keyword === 'enum') return `${where} must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
  return `${where} ${error.message}`;
}

/** The 999 range is the conformance suite's fresh patients (nhsNumberSequence): a trigger there would fire in a run. */
const SUITE_RANGE = /^999/;

/** Checks what the schema cannot: one value per interaction, valid NHS numbers, outcomes the interactions can have. */
function checkTriggers(table: TriggerTable): string | undefined {
  const ids = new Set<string>();
  const values = new Map<string, string>();
  for (const [at, trigger] of table.triggers.entries()) {
    const where = `triggers[${at}]`;
    if (ids.has(trigger.id)) return `${where}.id ${trigger.id} is used twice`;
    ids.add(trigger.id);
    const { nhsNumber, pointerId } = trigger;
    if ((nhsNumber === undefined) === (pointerId === undefined)) return `${where} needs one of nhsNumber or pointerId`;
    if (nhsNumber !== undefined && !isValidNhsNumber(nhsNumber))
      return `${where}.nhsNumber ${nhsNumber} is not a valid NHS number (Modulus 11)`;
    if (nhsNumber !== undefined && SUITE_RANGE.test(nhsNumber))
      return `${where}.nhsNumber ${nhsNumber} is in the 999 range the conformance suite takes fresh patients from`;
    if (pointerId !== undefined && trigger.interactions.some((name) => name !== 'search' && name !== 'delete'))
      return `${where}.interactions: a pointerId (_id) trigger applies to search and delete only`;
    if (BUNDLE_KINDS.includes(trigger.outcome.kind) && trigger.interactions.some((name) => name !== 'search'))
      return `${where}.interactions: a ${trigger.outcome.kind} outcome answers a search only`;
    for (const interaction of trigger.interactions) {
      const key = `${interaction} ${nhsNumber ?? pointerId}`;
      const first = values.get(key);
      const field = nhsNumber ? `nhsNumber ${nhsNumber}` : `pointerId ${pointerId}`;
      if (first) return `${where}: ${field} already triggers ${interaction} in ${first}`;
      values.set(key, where);
    }
  }
  return undefined;
}

/** Parses and checks a trigger table; throws TriggerTableError with one line naming `file` and the field. */
export function parseTriggerTable(source: string, file: string): TriggerTable {
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (error) {
    throw new TriggerTableError(`${file}: not JSON (${(error as Error).message})`);
  }
  if (!validateTable(data)) throw new TriggerTableError(`${file}: ${describe(validateTable.errors![0]!)}`);
  const problem = checkTriggers(data);
  if (problem) throw new TriggerTableError(`${file}: ${problem}`);
  return data;
}

export function loadTriggerTable(file: string = DEFAULT_TRIGGERS_FILE): TriggerTable {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    throw new TriggerTableError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code})`);
  }
  return parseTriggerTable(source, file);
}

/** The table with every slow outcome's delay replaced (`mock --trigger-delay MS`, for tests). */
export function withTriggerDelay(table: TriggerTable, delayMs: number): TriggerTable {
  const triggers = table.triggers.map((trigger) =>
    trigger.outcome.kind === 'slow' ? { ...trigger, outcome: { kind: 'slow' as const, delayMs } } : trigger,
  );
  return { ...table, triggers };
}
