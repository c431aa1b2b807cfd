// The Then-checks as facets: each reads a response and judges one part of the expectation against the
// requirements that part proves. The scenario's subject (what its refusal or acceptance proves) comes
// from its tags; the OperationOutcome's shape, the error table's rows and the Bundle's shape are proved
// by facets of their own, so a defect in one of them fails that requirement alone (expectations.ts).
import type { Exchange } from '../../src/report/exchange.ts';
import type { FhirResource } from '../../src/domain/stu3-xml.ts';
import { EXPECTED_OUTCOMES, FHIR_BODY, OO, rowsOf } from './expectations.ts';
import { describeExchange, formatOfResponse, readBody, summariseResponse, type Answered } from './fhir-read.ts';
import type { WireFormat } from './formats.ts';
import type { Judgement } from './judgement.ts';

export type { Answered };

export interface Issue {
  severity?: string;
  code?: string;
  details?: { coding?: { system?: string; code?: string; display?: string }[]; text?: string };
  diagnostics?: string;
}

export interface Outcome extends FhirResource {
  meta?: { profile?: string[] };
  issue: [Issue];
}

/** What a facet is about and on what basis: the scenario's subject, its tags, and a stated AMB choice. */
export interface Subject {
  about: readonly string[];
  tags: readonly string[];
  amb?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isObject = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === 'object' && !Array.isArray(value);

/**
 * A complete response: silence and an oversized body are the target's doing (failed); a refused or reset
 * connection or a TLS failure may be the network's (unreachable: nothing judged). A redirect is judged
 * here: NRLS 1.2.x answers every interaction itself, and the harness follows none.
 */
export function judgeAnswered(j: Judgement, exchange: Exchange, about: readonly string[], timeoutMs: number): Answered {
  j.exchange = describeExchange(exchange);
  const error = exchange.error;
  if (error?.kind === 'timeout' || error?.kind === 'too-large') {
    j.require(
      { name: 'a complete response', about, kind: error.kind === 'timeout' ? 'timeout' : 'conformance' },
      false,
      `a complete response (timeoutMs ${timeoutMs} ms; a body of at most 8 MB)`,
      error.message,
    );
  }
  if (error || !exchange.response) {
    j.require(
      { name: 'a response', about, kind: 'unreachable' },
      false,
      'an HTTP response',
      `${error?.kind ?? 'no'} error: ${error?.message ?? 'no response'}`,
    );
  }
  const answered = exchange as Answered;
  const { status, headers } = answered.response;
  j.require(
    { name: 'no redirect', about },
    status < 300 || status >= 400,
    "the target's own answer (NRLS defines no redirect; the harness does not follow one)",
    `HTTP ${status} to ${headers.location ?? '(no Location header)'}`,
  );
  return answered;
}

/**
 * The body as FHIR: a gate. A body that claims a FHIR type and is not one breaks NRLS-FMT-001/GEN-001; a
 * body that claims none (an HTML page) breaks what `about` names.
 */
function judgeFhirBody(j: Judgement, answered: Answered, expected: string, about: readonly string[]): FhirResource {
  const read = readBody(answered);
  if (!read.ok)
    j.require({ name: expected, about: read.why === 'unparseable' ? FHIR_BODY : about }, false, expected, read.detail);
  return (read as { resource: FhirResource }).resource;
}

/**
 * NRLS-FMT-009 (AMB-15): the STU3 media type of the format the body is in (whichever alias was asked
 * for), with charset utf-8. Which format that should be is judged apart (judgeFormat).
 */
export function judgeMediaType(j: Judgement, answered: Answered, about: readonly string[] = [OO.mediaType]): void {
  const type = answered.response.headers['content-type'] ?? '(none)';
  const format = formatOfResponse(answered);
  if (!format) return;
  const expected = format === 'json' ? 'application/fhir+json' : 'application/fhir+xml';
  const [mediaType, ...parameters] = type.split(';').map((part) => part.trim().toLowerCase());
  j.that(
    { name: 'the STU3 media type with charset utf-8', about },
    mediaType === expected && parameters.includes('charset=utf-8'),
    `Content-Type ${expected};charset=utf-8`,
    `Content-Type ${type}`,
  );
}

/**
 * The body is in the format asked for (any of the type names NRLS accepts for it; the exact name is
 * FMT-009's). A body that claims the format and does not parse breaks NRLS-FMT-001/GEN-001 instead.
 */
export function judgeFormat(j: Judgement, answered: Answered, format: WireFormat, about: readonly string[]): void {
  const read = readBody(answered);
  if (!read.ok && read.why === 'unparseable')
    j.require(
      { name: 'a FHIR body', about: FHIR_BODY },
      false,
      `FHIR ${formatOfResponse(answered)?.toUpperCase()}`,
      read.detail,
    );
  const actual = read.ok ? read.format : undefined;
  j.that(
    { name: `a ${format.toUpperCase()} body`, about },
    actual === format,
    `FHIR ${format.toUpperCase()}`,
    `Content-Type ${answered.response.headers['content-type'] ?? '(none)'}`,
  );
}

/** NRLS-OO-001: one issue with a severity and an issue code (and, for Spine errors, one coding). */
function judgeOutcomeBody(j: Judgement, answered: Answered, about: readonly string[]): Outcome {
  const resource = judgeFhirBody(j, answered, 'an OperationOutcome in FHIR JSON or XML', about);
  j.require(
    { name: 'an OperationOutcome', about },
    resource.resourceType === 'OperationOutcome',
    'an OperationOutcome',
    `a ${resource.resourceType}`,
  );
  const issues = (resource as { issue?: unknown }).issue;
  const issue = Array.isArray(issues) ? (issues[0] as Issue) : undefined;
  j.require(
    { name: 'one issue with severity and code', about: [OO.shape] },
    Array.isArray(issues) &&
      issues.length === 1 &&
      isObject(issue) &&
      typeof issue.severity === 'string' &&
      typeof issue.code === 'string',
    'exactly one issue, with severity and code',
    () => `${Array.isArray(issues) ? issues.length : 'no'} issues: ${JSON.stringify(issues).slice(0, 300)}`,
  );
  return resource as Outcome;
}

export interface RefusalOptions extends Subject {
  /** The format the client negotiated; 'either' where Spine may answer in XML (the 415, NRLS-FMT-011). */
  negotiated: WireFormat | 'either';
  timeoutMs: number;
}

/** A refusal (§1.7): a 4xx OperationOutcome with one issue, in the negotiated format; never a 5xx or an HTML page. */
export function judgeRefusal(
  j: Judgement,
  exchange: Exchange,
  options: RefusalOptions,
): { answered: Answered; outcome: Outcome } {
  const answered = judgeAnswered(j, exchange, options.about, options.timeoutMs);
  const status = answered.response.status;
  j.require(
    { name: 'refused', about: options.about, amb: options.amb },
    status >= 400 && status < 500,
    'a refusal: HTTP 4xx with an OperationOutcome',
    summariseResponse(answered),
  );
  const outcome = judgeOutcomeBody(j, answered, [OO.shape]);
  if (options.negotiated !== 'either') judgeFormat(j, answered, options.negotiated, [OO.errorFormat]);
  return { answered, outcome };
}

/**
 * The Spine code is one of `codes`, and the OperationOutcome has the shape the error table gives the code it carries.
 */
export function judgeSpineCode(
  j: Judgement,
  answered: Answered,
  outcome: Outcome,
  codes: readonly string[],
  subject: Subject,
): string | undefined {
  const issue = outcome.issue[0];
  const code = issue.details?.coding?.[0]?.code;
  j.that(
    { name: 'Spine code', about: subject.about, amb: subject.amb },
    !!code && codes.includes(code),
    `Spine code ${codes.join(' or ')}`,
    () => `Spine code ${code ?? '(none)'}${issue.diagnostics ? ` (${JSON.stringify(issue.diagnostics)})` : ''}`,
  );
  if (code && Object.hasOwn(EXPECTED_OUTCOMES, code)) judgeCodeShape(j, answered, outcome, code, subject.tags);
  return code;
}

/**
 * The error table's row for `code` (§2.6): status, severity, issue code, display; and §1.7's system, profile, id,
 * message id.
 */
export function judgeCodeShape(
  j: Judgement,
  answered: Answered,
  outcome: Outcome,
  code: string,
  tags: readonly string[],
  rowsOverride?: readonly string[],
): void {
  const expected = EXPECTED_OUTCOMES[code]!;
  const rows = rowsOverride ?? rowsOf(expected.rows, tags);
  const statusRows = rowsOverride ?? rowsOf(expected.statusRows ?? expected.rows, tags);
  const issue = outcome.issue[0];
  const coding = issue.details?.coding?.[0];
  j.that(
    { name: `the status of ${code}`, about: statusRows },
    answered.response.status === expected.status,
    `HTTP ${expected.status} for ${code}`,
    `HTTP ${answered.response.status}`,
  );
  j.that(
    { name: 'severity', about: rows },
    issue.severity === expected.severity,
    `severity ${expected.severity}`,
    `severity ${issue.severity}`,
  );
  if (expected.issue)
    j.that(
      { name: 'issue code', about: rows },
      issue.code === expected.issue,
      `issue code ${expected.issue}`,
      `issue code ${issue.code}`,
    );
  if (expected.display) {
    const displays = [expected.display, ...(expected.codeSystemDisplay ? [expected.codeSystemDisplay] : [])];
    j.that(
      { name: 'display', about: rows },
      displays.includes(coding?.display ?? ''),
      `display ${displays.map((display) => `"${display}"`).join(' or ')}`,
      `display "${coding?.display}"`,
    );
    if (expected.codeSystemDisplay && coding?.display === expected.codeSystemDisplay) {
      j.that(
        { name: "the NRLS page's display", about: rows, amb: 'AMB-45' },
        false,
        `display "${expected.display}" (the NRLS page's, not the code system's)`,
        `display "${coding.display}"`,
      );
    }
  }
  if (expected.system)
    j.that(
      { name: 'coding system', about: expected.systemRows ?? [OO.system] },
      coding?.system === expected.system,
      `coding system ${expected.system}`,
      `coding system ${coding?.system}`,
    );
  if (expected.profile) {
    const profiles = outcome.meta?.profile;
    j.that(
      { name: 'meta.profile', about: code === 'UNSUPPORTED_MEDIA_TYPE' ? [OO.profile, 'NRLS-ERR-013'] : [OO.profile] },
      Array.isArray(profiles) && profiles.includes(expected.profile),
      `meta.profile ${expected.profile}`,
      `meta.profile ${JSON.stringify(profiles ?? null)}`,
    );
  }
  j.that(
    { name: 'OperationOutcome id', about: [OO.id] },
    typeof outcome.id === 'string' && outcome.id !== '',
    'an OperationOutcome id',
    JSON.stringify(outcome.id ?? null),
  );
  if (expected.messageIdInText) {
    j.that(
      { name: 'Spine message id in details.text', about: [OO.messageId, ...rows] },
      UUID.test(issue.details?.text ?? ''),
      'details.text holding the Spine message UUID',
      JSON.stringify(issue.details?.text ?? null),
    );
  }
}

export interface SuccessOptions extends Subject {
  code: 'RESOURCE_CREATED' | 'RESOURCE_DELETED';
  /** The rows the success proves, where they are not the code's own (a supersede's 201 is NRLS-SUPERSEDE-009). */
  rows?: readonly string[];
  timeoutMs: number;
}

/**
 * A create's or delete's success (NRLS-CREATE-005/006, NRLS-DELETE-006/007): accepted, then the outcome the table
 * gives.
 */
export function judgeSuccess(
  j: Judgement,
  exchange: Exchange,
  options: SuccessOptions,
): { answered: Answered; outcome: Outcome } {
  const answered = judgeAnswered(j, exchange, options.about, options.timeoutMs);
  const status = answered.response.status;
  j.require(
    { name: 'accepted', about: options.about, amb: options.amb },
    status >= 200 && status < 300,
    'a success (HTTP 2xx)',
    summariseResponse(answered),
  );
  const expected = EXPECTED_OUTCOMES[options.code]!;
  const rows = options.rows ?? [...expected.rows, ...(expected.statusRows ?? [])];
  const outcome = judgeOutcomeBody(j, answered, rows);
  const code = outcome.issue[0].details?.coding?.[0]?.code;
  j.that(
    { name: 'Spine code', about: options.rows ?? expected.rows },
    code === options.code,
    `Spine code ${options.code}`,
    `Spine code ${code ?? '(none)'}`,
  );
  judgeCodeShape(j, answered, outcome, options.code, options.tags, options.rows);
  return { answered, outcome };
}

export interface SearchsetPointer extends FhirResource {
  id: string;
  meta: { versionId: string; lastUpdated?: string; profile?: string[] };
  status: string;
  masterIdentifier?: { system?: string; value?: string };
  relatesTo?: { code?: string; target?: { identifier?: { system?: string; value?: string } } }[];
  custodian: { reference: string };
}

export interface Searchset extends FhirResource {
  total: number;
  entry?: { resource: SearchsetPointer }[];
}

const POINTER_ELEMENTS = ['id', 'status', 'type', 'subject', 'indexed', 'author', 'custodian', 'content'];

/**
 * NRLS-SEARCH-013/014/015: 200 and a searchset Bundle of NRLS pointers with as many entries as its total,
 * no self link, fullUrl or search mode, every pointer at its version; for `_summary=count` (NRLS-SEARCH-010)
 * the total and no entries.
 */
export function judgeSearchset(
  j: Judgement,
  exchange: Exchange,
  subject: Subject & { timeoutMs: number },
  countOnly = false,
): Searchset {
  const answered = judgeAnswered(j, exchange, subject.about, subject.timeoutMs);
  j.require(
    { name: 'a search result (HTTP 200)', about: subject.about, amb: subject.amb },
    answered.response.status === 200,
    'HTTP 200 with a searchset Bundle',
    summariseResponse(answered),
  );
  const bundle = judgeFhirBody(j, answered, 'a Bundle in FHIR JSON or XML', ['NRLS-SEARCH-013']) as Searchset &
    Record<string, unknown>;
  j.require(
    { name: 'a Bundle', about: ['NRLS-SEARCH-013'] },
    bundle.resourceType === 'Bundle',
    'a Bundle',
    `a ${bundle.resourceType}`,
  );
  j.require(
    { name: 'searchset with id and total', about: ['NRLS-SEARCH-014'] },
    bundle.type === 'searchset' && typeof bundle.id === 'string' && Number.isInteger(bundle.total),
    'a Bundle with id, type searchset and an integer total',
    () => `id ${JSON.stringify(bundle.id)}, type ${JSON.stringify(bundle.type)}, total ${JSON.stringify(bundle.total)}`,
  );
  // NRLS-SEARCH-014: no self link; NRLS-SEARCH-010: a count has no paging links. Other links are not ruled out.
  const links = Array.isArray(bundle.link) ? (bundle.link as { relation?: unknown }[]) : [];
  const linkOf = (relations: string[]) => links.find((link) => relations.includes(String(link?.relation)));
  const self = linkOf(['self']);
  j.that(
    { name: 'no self link', about: ['NRLS-SEARCH-014'] },
    !self,
    'no Bundle.link with relation self',
    () => `link ${JSON.stringify(self).slice(0, 200)}`,
  );
  if (countOnly) {
    const paging = linkOf(['prev', 'previous', 'next', 'last']);
    j.that(
      { name: 'no paging link', about: ['NRLS-SEARCH-010'] },
      !paging,
      'no Bundle.link with relation prev, next or last',
      () => `link ${JSON.stringify(paging).slice(0, 200)}`,
    );
  }
  const entries = Array.isArray(bundle.entry) ? (bundle.entry as Record<string, unknown>[]) : [];
  const decorated = entries.filter((entry) => entry.fullUrl !== undefined || entry.search !== undefined);
  j.that(
    { name: 'no fullUrl or search mode', about: ['NRLS-SEARCH-014'] },
    decorated.length === 0,
    'entries holding only a resource',
    () => `entry with ${Object.keys(decorated[0]!).join(', ')}`,
  );
  const notPointer = entries.find(
    (entry) =>
      !isObject(entry.resource) ||
      entry.resource.resourceType !== 'DocumentReference' ||
      POINTER_ELEMENTS.some((element) => (entry.resource as Record<string, unknown>)[element] === undefined),
  );
  j.require(
    { name: 'entries are NRLS pointers', about: ['NRLS-SEARCH-013'] },
    !notPointer,
    `DocumentReferences with ${POINTER_ELEMENTS.join(', ')}`,
    () => JSON.stringify(notPointer).slice(0, 300),
  );
  const statuses = ['current', 'superseded', 'entered-in-error'];
  const oddStatus = entries.find((entry) => !statuses.includes(String((entry.resource as SearchsetPointer).status)));
  j.that(
    { name: 'pointer statuses of the lifecycle', about: ['NRLS-LIFE-001'] },
    !oddStatus,
    `statuses ${statuses.join(', ')}`,
    () => `status ${JSON.stringify((oddStatus!.resource as SearchsetPointer).status)}`,
  );
  const unversioned = entries.find(
    (entry) => !/^[1-9][0-9]*$/.test(String((entry.resource as SearchsetPointer).meta?.versionId ?? '')),
  );
  j.require(
    { name: 'meta.versionId on every pointer', about: ['NRLS-SEARCH-015'] },
    !unversioned,
    'meta.versionId on every pointer',
    () =>
      `pointer ${(unversioned!.resource as SearchsetPointer).id} with ` +
      `meta ${JSON.stringify((unversioned!.resource as SearchsetPointer).meta ?? null)}`,
  );
  if (countOnly)
    j.require(
      { name: 'a count without entries', about: ['NRLS-SEARCH-010'] },
      entries.length === 0,
      'a count with no entries',
      `${entries.length} entries`,
    );
  else
    j.require(
      { name: 'as many entries as total', about: ['NRLS-SEARCH-013'] },
      entries.length === bundle.total,
      `as many entries as total (${bundle.total})`,
      `${entries.length} entries`,
    );
  return bundle as Searchset;
}

export function pointersOf(bundle: Searchset): SearchsetPointer[] {
  return (bundle.entry ?? []).map((entry) => entry.resource);
}

/** The logical id in a create's Location, `…/DocumentReference?_id=<id>` (NRLS-CREATE-007, AMB-52). */
export function judgeLocation(j: Judgement, answered: Answered, about: readonly string[]): string {
  const location = answered.response.headers.location;
  j.require({ name: 'a Location header', about }, !!location, 'a Location header', 'none');
  let url: URL | undefined;
  try {
    url = new URL(location!);
  } catch {
    url = undefined;
  }
  j.require(
    { name: 'an absolute Location', about },
    !!url,
    'a Location that is an absolute URL',
    JSON.stringify(location),
  );
  const id = url!.searchParams.get('_id');
  j.require(
    { name: 'Location in the ?_id= form', about },
    url!.pathname.endsWith('/DocumentReference') && !!id,
    'a Location of the form https://[host]/[path]/DocumentReference?_id=[id]',
    location!,
  );
  return id!;
}
