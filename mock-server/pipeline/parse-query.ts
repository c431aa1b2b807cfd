// Stage 8: query parameters (AMB-50 step 7). URLSearchParams has already decoded %7C to `|`
// (NRLS-GEN-005). Search parameters follow §2.3, delete parameters §2.4; a create takes only `_format`.
import { acceptsNhsNumber } from '../validation/nhs-number.ts';
import { ODS_CODE_SYSTEM, PATIENT_URL_PREFIX, splitToken } from '../../src/domain/identifiers.ts';
import type { RequestContext } from '../context.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';

export type SearchQuery =
  | { by: 'id'; id: string }
  | { by: 'subject'; nhsNumber: string; custodian?: string; type?: { system: string; code: string }; countOnly: boolean }
  /** Only under the subject-optional fault: every pointer matching the filters. */
  | { by: 'filters'; custodian?: string; type?: { system: string; code: string } };

export type DeleteQuery =
  | { by: 'id'; id: string }
  | { by: 'masterIdentifier'; nhsNumber: string; system: string; value: string };

/** NRLS-SEARCH-029 (AMB-17): the documented wire names and their aliases. */
const CUSTODIAN_NAMES = ['custodian.identifier', 'custodian'];
const TYPE_NAMES = ['type.coding', 'type'];
const SEARCH_PARAMETERS = new Set(['_id', 'subject', ...CUSTODIAN_NAMES, ...TYPE_NAMES, '_summary', '_format']);
const DELETE_PARAMETERS = new Set(['_id', 'subject', 'identifier', '_format']);
const CREATE_PARAMETERS = new Set(['_format']);

const invalidParameter = (text: string) => new SpineError('INVALID_PARAMETER', text);

/** One value per parameter name; unknown names (AMB-22) and repeats are INVALID_PARAMETER. */
function singleValues(ctx: RequestContext, known: Set<string>): Map<string, string> {
  const { query } = ctx;
  const unknown = [...new Set([...query.keys()].filter((name) => !known.has(name)))];
  const ignoreUnknown = ctx.config.faults.on('unknown-parameters-ignored');
  if (unknown.length > 0 && !ignoreUnknown) throw invalidParameter(diagnostics.unknownParameters(unknown));
  const values = new Map<string, string>();
  for (const [name, value] of query) {
    if (name === '_format' || !known.has(name)) continue; // negotiated already, or ignored
    if (values.has(name)) throw invalidParameter(diagnostics.parameterRepeated(name));
    values.set(name, value);
  }
  return values;
}

/** The NHS number of a patient URL parameter (NRLS-SEARCH-019/020/021, NRLS-DELETE-012). */
function nhsNumberOfSubject(ctx: RequestContext, subject: string | undefined): string {
  if (subject === undefined) throw invalidParameter(diagnostics.subjectMissing());
  if (!subject.startsWith(PATIENT_URL_PREFIX) || subject.length === PATIENT_URL_PREFIX.length) {
    throw invalidParameter(diagnostics.patientUrlForm());
  }
  const nhsNumber = subject.slice(PATIENT_URL_PREFIX.length);
  if (!acceptsNhsNumber(nhsNumber, ctx.config.faults)) throw new SpineError('INVALID_NHS_NUMBER', diagnostics.invalidNhsNumber(nhsNumber));
  return nhsNumber;
}

function aliased(values: Map<string, string>, names: string[]): string | undefined {
  const given = names.filter((name) => values.has(name));
  if (given.length > 1) throw invalidParameter(diagnostics.parameterRepeated(given.join(' and ')));
  return given.length === 1 ? values.get(given[0]!) : undefined;
}

export function parseSearchQuery(ctx: RequestContext): SearchQuery {
  const { faults } = ctx.config;
  const values = singleValues(ctx, SEARCH_PARAMETERS);
  // NRLS-SEARCH-007, NRLS-SEARCH-009
  if (values.has('_id')) {
    if (values.size > 1 && !faults.on('id-with-other-parameters')) throw invalidParameter(diagnostics.idNotAlone());
    return { by: 'id', id: values.get('_id')! };
  }
  // NRLS-SEARCH-010..012 (AMB-18)
  const summary = values.get('_summary');
  if (summary !== undefined) {
    if (summary !== 'count' && !faults.on('summary-values-accepted')) throw invalidParameter(diagnostics.summaryNotCount(summary));
    const others = [...values.keys()].filter((name) => name !== 'subject' && name !== '_summary');
    if (others.length > 0) throw invalidParameter(diagnostics.summaryCombination(others));
  }
  // NRLS-SEARCH-003: subject is mandatory; custodian and type only narrow it.
  const filtersOnly = !values.has('subject') && faults.on('subject-optional');
  const query: SearchQuery = filtersOnly
    ? { by: 'filters' }
    : { by: 'subject', nhsNumber: nhsNumberOfSubject(ctx, values.get('subject')), countOnly: summary !== undefined };

  // NRLS-SEARCH-005, NRLS-SEARCH-022 (AMB-20)
  const custodian = aliased(values, CUSTODIAN_NAMES);
  if (custodian !== undefined) {
    const parts = splitToken(custodian);
    const organisation = ctx.config.fixtures.organisations.find((candidate) => candidate.ods === parts?.value);
    const usable = organisation && (organisation.providerRole || faults.on('non-provider-custodian-filter'));
    if (parts?.system !== ODS_CODE_SYSTEM || !usable) throw invalidParameter(diagnostics.custodianToken(custodian));
    query.custodian = parts.value;
  }
  // NRLS-SEARCH-006, NRLS-SEARCH-023
  const type = aliased(values, TYPE_NAMES);
  if (type !== undefined) {
    const parts = splitToken(type);
    const known = ctx.config.fixtures.recordTypes.some((recordType) => recordType.system === parts?.system && recordType.code === parts.value);
    if (!parts || !known) throw invalidParameter(diagnostics.typeToken(type));
    query.type = { system: parts.system, code: parts.value };
  }
  return query;
}

export function parseDeleteQuery(ctx: RequestContext): DeleteQuery {
  const { faults } = ctx.config;
  const values = singleValues(ctx, DELETE_PARAMETERS);
  // NRLS-DELETE-002, NRLS-DELETE-012 (AMB-35)
  if (values.has('_id')) {
    if (values.size > 1) throw invalidParameter(diagnostics.deleteParameters());
    return { by: 'id', id: values.get('_id')! };
  }
  // NRLS-DELETE-003, NRLS-DELETE-004
  if (!values.has('subject') || !values.has('identifier') || faults.on('delete-by-identifier-refused')) {
    throw invalidParameter(diagnostics.deleteParameters());
  }
  const nhsNumber = nhsNumberOfSubject(ctx, values.get('subject'));
  const identifier = values.get('identifier')!;
  const parts = splitToken(identifier) ?? (faults.on('delete-identifier-system-optional') ? { system: '', value: identifier } : undefined);
  if (!parts || parts.value === '' || (parts.system === '' && !faults.on('delete-identifier-system-optional'))) {
    throw invalidParameter(diagnostics.identifierToken(identifier));
  }
  return { by: 'masterIdentifier', nhsNumber, system: parts.system, value: parts.value };
}

export function parseQuery(ctx: RequestContext): void {
  if (ctx.interaction === 'search') ctx.searchQuery = parseSearchQuery(ctx);
  else if (ctx.interaction === 'delete') ctx.deleteQuery = parseDeleteQuery(ctx);
  else singleValues(ctx, CREATE_PARAMETERS);
}
