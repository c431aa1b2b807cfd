// Stage 8: query parameters (AMB-50 step 7). URLSearchParams has already decoded %7C to `|`
// (NRLS-GEN-005). Search parameters follow §2.3, delete parameters §2.4; a create takes only `_format`.
// The rules are in QUERY_RULES, so that a fault (faults/search.ts, faults/delete.ts) can replace one.
import { isValidNhsNumber } from '../../src/domain/nhs-number.ts';
import { ODS_CODE_SYSTEM, PATIENT_URL_PREFIX, splitToken } from '../../src/domain/identifiers.ts';
import type { RequestContext } from '../context.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';
import type { Organisation } from '../fixtures.ts';
import type { DeleteQuery, PatientSearch, SearchQuery } from '../queries.ts';

/** NRLS-SEARCH-029 (AMB-17): the documented wire names and their aliases. */
const CUSTODIAN_NAMES = ['custodian.identifier', 'custodian'];
const TYPE_NAMES = ['type.coding', 'type'];
const SEARCH_PARAMETERS = new Set(['_id', 'subject', ...CUSTODIAN_NAMES, ...TYPE_NAMES, '_summary', '_format']);
const DELETE_PARAMETERS = new Set(['_id', 'subject', 'identifier', '_format']);
const CREATE_PARAMETERS = new Set(['_format']);

const invalidParameter = (text: string) => new SpineError('INVALID_PARAMETER', text);

export interface QueryRules {
  /** NRLS-SEARCH-025 (AMB-22): unknown parameters are refused. */
  refusesUnknown(names: readonly string[]): boolean;
  /** NRLS-NHS-001/002/006 (search, delete). */
  acceptsNhsNumber(candidate: string): boolean;
  /** NRLS-SEARCH-009: `_id` stands alone. */
  idAlone(values: ReadonlyMap<string, string>): boolean;
  /** NRLS-SEARCH-011 (AMB-18): `_summary` takes only `count`. */
  summaryAccepted(value: string): boolean;
  /** NRLS-SEARCH-003: subject is mandatory. */
  searchWithoutSubject(): PatientSearch;
  /** NRLS-SEARCH-022 (AMB-20): a custodian filter names an organisation with the provider role. */
  custodianFilterable(organisation: Organisation): boolean;
  /** NRLS-DELETE-003: delete by subject and identifier, both given. */
  deletesByIdentifier(values: ReadonlyMap<string, string>): boolean;
  /** NRLS-DELETE-004: the identifier token is `system|value`, both given. */
  identifierToken(text: string): { system: string; value: string } | undefined;
}

export const QUERY_RULES: QueryRules = {
  refusesUnknown: (names) => names.length > 0,
  acceptsNhsNumber: isValidNhsNumber,
  idAlone: (values) => values.size === 1,
  summaryAccepted: (value) => value === 'count',
  searchWithoutSubject() {
    throw invalidParameter(diagnostics.subjectMissing());
  },
  custodianFilterable: (organisation) => organisation.providerRole,
  deletesByIdentifier: (values) => values.has('subject') && values.has('identifier'),
  identifierToken(text) {
    const parts = splitToken(text);
    return parts && parts.system !== '' && parts.value !== '' ? parts : undefined;
  },
};

/** One value per parameter name; unknown names (AMB-22) and repeats are INVALID_PARAMETER. */
function singleValues(ctx: RequestContext, known: Set<string>, rules: QueryRules): Map<string, string> {
  const { query } = ctx;
  const unknown = [...new Set([...query.keys()].filter((name) => !known.has(name)))];
  if (rules.refusesUnknown(unknown)) throw invalidParameter(diagnostics.unknownParameters(unknown));
  const values = new Map<string, string>();
  for (const [name, value] of query) {
    if (name === '_format' || !known.has(name)) continue; // negotiated already, or let through by a rule
    if (values.has(name)) throw invalidParameter(diagnostics.parameterRepeated(name));
    values.set(name, value);
  }
  return values;
}

/** The NHS number of a patient URL parameter (NRLS-SEARCH-019/020/021, NRLS-DELETE-012). */
function nhsNumberOfSubject(subject: string, rules: QueryRules): string {
  if (!subject.startsWith(PATIENT_URL_PREFIX) || subject.length === PATIENT_URL_PREFIX.length) {
    throw invalidParameter(diagnostics.patientUrlForm());
  }
  const nhsNumber = subject.slice(PATIENT_URL_PREFIX.length);
  if (!rules.acceptsNhsNumber(nhsNumber))
    throw new SpineError('INVALID_NHS_NUMBER', diagnostics.invalidNhsNumber(nhsNumber));
  return nhsNumber;
}

function aliased(values: Map<string, string>, names: string[]): string | undefined {
  const given = names.filter((name) => values.has(name));
  if (given.length > 1) throw invalidParameter(diagnostics.parameterRepeated(given.join(' and ')));
  return given.length === 1 ? values.get(given[0]!) : undefined;
}

export function parseSearchQuery(ctx: RequestContext, rules: QueryRules): SearchQuery {
  const values = singleValues(ctx, SEARCH_PARAMETERS, rules);
  // NRLS-SEARCH-007, NRLS-SEARCH-009
  if (values.has('_id')) {
    if (!rules.idAlone(values)) throw invalidParameter(diagnostics.idNotAlone());
    return { by: 'id', id: values.get('_id')! };
  }
  // NRLS-SEARCH-010..012 (AMB-18)
  const summary = values.get('_summary');
  if (summary !== undefined) {
    if (!rules.summaryAccepted(summary)) throw invalidParameter(diagnostics.summaryNotCount(summary));
    const others = [...values.keys()].filter((name) => name !== 'subject' && name !== '_summary');
    if (others.length > 0) throw invalidParameter(diagnostics.summaryCombination(others));
  }
  // NRLS-SEARCH-003: subject is mandatory; custodian and type only narrow it.
  const subject = values.get('subject');
  const query: PatientSearch =
    subject === undefined
      ? rules.searchWithoutSubject()
      : { by: 'subject', nhsNumber: nhsNumberOfSubject(subject, rules), countOnly: summary !== undefined };

  // NRLS-SEARCH-005, NRLS-SEARCH-022 (AMB-20)
  const custodian = aliased(values, CUSTODIAN_NAMES);
  if (custodian !== undefined) {
    const parts = splitToken(custodian);
    const organisation = ctx.config.fixtures.organisations.find((candidate) => candidate.ods === parts?.value);
    if (parts?.system !== ODS_CODE_SYSTEM || !organisation || !rules.custodianFilterable(organisation)) {
      throw invalidParameter(diagnostics.custodianToken(custodian));
    }
    query.custodian = parts.value;
  }
  // NRLS-SEARCH-006, NRLS-SEARCH-023
  const type = aliased(values, TYPE_NAMES);
  if (type !== undefined) {
    const parts = splitToken(type);
    const known = ctx.config.fixtures.recordTypes.some(
      (recordType) => recordType.system === parts?.system && recordType.code === parts.value,
    );
    if (!parts || !known) throw invalidParameter(diagnostics.typeToken(type));
    query.type = { system: parts.system, code: parts.value };
  }
  return query;
}

export function parseDeleteQuery(ctx: RequestContext, rules: QueryRules): DeleteQuery {
  const values = singleValues(ctx, DELETE_PARAMETERS, rules);
  // NRLS-DELETE-002, NRLS-DELETE-012 (AMB-35)
  if (values.has('_id')) {
    if (values.size > 1) throw invalidParameter(diagnostics.deleteParameters());
    return { by: 'id', id: values.get('_id')! };
  }
  // NRLS-DELETE-003, NRLS-DELETE-004
  if (!rules.deletesByIdentifier(values)) throw invalidParameter(diagnostics.deleteParameters());
  const nhsNumber = nhsNumberOfSubject(values.get('subject')!, rules);
  const identifier = values.get('identifier')!;
  const parts = rules.identifierToken(identifier);
  if (!parts) throw invalidParameter(diagnostics.identifierToken(identifier));
  return { by: 'masterIdentifier', nhsNumber, system: parts.system, value: parts.value };
}

export function parseQuery(ctx: RequestContext, rules: QueryRules): void {
  if (ctx.interaction === 'search') ctx.searchQuery = parseSearchQuery(ctx, rules);
  else if (ctx.interaction === 'delete') ctx.deleteQuery = parseDeleteQuery(ctx, rules);
  else singleValues(ctx, CREATE_PARAMETERS, rules);
}
