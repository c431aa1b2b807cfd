// Query parameters of search (§2.3) and delete (§2.4), and the absence of a body on both. Parameters are
// judged decoded, as a server reads them, except the pipe: NRLS-GEN-005 is about the raw query text.
import { ODS_CODE_SYSTEM, PATIENT_URL_PREFIX, SNOMED_SYSTEM, splitToken } from '../../domain/identifiers.ts';
import { isValidNhsNumber } from '../../domain/nhs-number.ts';
import { CRISIS_PLAN } from '../../domain/pointer-builder.ts';
import { ANY_ROLE, failed, passed, quote, type Finding, type JudgingRule } from './rule.ts';

/** NRLS-SEARCH-029 (AMB-17): the documented wire names and the table's aliases. */
const CUSTODIAN_NAMES = ['custodian.identifier', 'custodian'];
const TYPE_NAMES = ['type.coding', 'type'];
const SEARCH_PARAMETERS = new Set(['_id', 'subject', ...CUSTODIAN_NAMES, ...TYPE_NAMES, '_summary', '_format']);
const TOKEN_PARAMETERS = new Set([...CUSTODIAN_NAMES, ...TYPE_NAMES, 'identifier']);

/** NRLS-SEARCH-019/020/021, NRLS-NHS-004: the patient URL form and a valid NHS number. */
function judgeSubject(subject: string, requirements: { form: string[]; nhs: string[] }): Finding | undefined {
  if (!subject.startsWith(PATIENT_URL_PREFIX) || subject === PATIENT_URL_PREFIX)
    return failed(`subject ${quote(subject)} is not ${PATIENT_URL_PREFIX}[NHS Number]`, requirements.form);
  const nhsNumber = subject.slice(PATIENT_URL_PREFIX.length);
  if (!isValidNhsNumber(nhsNumber))
    return failed(`subject NHS number ${quote(nhsNumber)} is not 10 digits with a valid check digit`, requirements.nhs);
  return undefined;
}

/** The names of the parameters, other than _format, a request carries. */
const namesBesidesFormat = (query: URLSearchParams) => [...new Set(query.keys())].filter((name) => name !== '_format');

export const PARAMETER_RULES: JudgingRule[] = [
  noBody('search', ['NRLS-SEARCH-001']),
  noBody('delete', ['NRLS-DELETE-002', 'NRLS-DELETE-003']),
  {
    id: 'search-parameters-known',
    title: 'A search uses only the documented parameters, each once',
    requirements: ['NRLS-SEARCH-025', 'NRLS-SEARCH-029'],
    level: 'MOCK-REC',
    tkw: [],
    amb: 'AMB-22, AMB-17',
    interactions: ['search'],
    roles: ANY_ROLE,
    judge(request) {
      const names = [...request.query.keys()];
      const unknown = [...new Set(names.filter((name) => !SEARCH_PARAMETERS.has(name)))];
      if (unknown.length > 0) return failed(`unknown search parameter(s): ${unknown.join(', ')}`);
      const repeated = [...new Set(names.filter((name, index) => names.indexOf(name) !== index))];
      if (repeated.length > 0) return failed(`search parameter(s) given more than once: ${repeated.join(', ')}`);
      return passed(`parameters ${[...new Set(names)].join(', ') || '(none)'}`);
    },
  },
  {
    id: 'search-subject',
    title: 'A search (other than by _id) names the patient: subject=https://demographics…/Patient/[valid NHS number]',
    requirements: [
      'NRLS-SEARCH-002',
      'NRLS-SEARCH-003',
      'NRLS-SEARCH-019',
      'NRLS-SEARCH-020',
      'NRLS-SEARCH-021',
      'NRLS-NHS-004',
    ],
    level: 'MUST',
    tkw: [],
    amb: 'AMB-19',
    interactions: ['search'],
    roles: ANY_ROLE,
    judge(request) {
      if (request.query.has('_id')) return undefined;
      const subject = request.query.get('subject');
      if (subject === null)
        return failed('the search has no subject (nor _id)', ['NRLS-SEARCH-003', 'NRLS-SEARCH-020']);
      const requirements = { form: ['NRLS-SEARCH-019', 'NRLS-SEARCH-020'], nhs: ['NRLS-SEARCH-021', 'NRLS-NHS-004'] };
      return judgeSubject(subject, requirements) ?? passed(`subject ${subject}`);
    },
  },
  {
    id: 'search-id-alone',
    optional: 'search by _id (NRLS-SEARCH-007)',
    title: 'A search by _id has no other parameter but _format',
    requirements: ['NRLS-SEARCH-007', 'NRLS-SEARCH-009'],
    level: 'MUST',
    tkw: [],
    interactions: ['search'],
    roles: ANY_ROLE,
    judge(request) {
      if (!request.query.has('_id')) return undefined;
      const others = namesBesidesFormat(request.query).filter((name) => name !== '_id');
      if (others.length > 0) return failed(`_id is combined with ${others.join(', ')}`);
      if (request.query.get('_id') === '') return failed('_id is empty', ['NRLS-SEARCH-007']);
      return passed(`_id=${request.query.get('_id')}`);
    },
  },
  {
    id: 'search-summary',
    optional: '_summary=count (NRLS-SEARCH-010, a MAY)',
    title: '_summary, when sent, is count, with only subject and _format beside it',
    requirements: ['NRLS-SEARCH-010', 'NRLS-SEARCH-011', 'NRLS-SEARCH-012'],
    level: 'MUST',
    tkw: [],
    amb: 'AMB-18',
    interactions: ['search'],
    roles: ANY_ROLE,
    judge(request) {
      const summary = request.query.get('_summary');
      if (summary === null) return undefined;
      if (summary !== 'count')
        return failed(`_summary=${summary}: only _summary=count is supported`, ['NRLS-SEARCH-011']);
      const others = namesBesidesFormat(request.query).filter((name) => name !== '_summary' && name !== 'subject');
      if (others.length > 0) return failed(`_summary=count is combined with ${others.join(', ')}`, ['NRLS-SEARCH-012']);
      return passed('_summary=count');
    },
  },
  {
    id: 'token-pipe-encoded',
    optional: 'token parameters (custodian, type, identifier)',
    title: 'The pipe in a token parameter (custodian, type, identifier) is percent-encoded as %7C',
    requirements: ['NRLS-GEN-005'],
    level: 'SHOULD',
    tkw: [],
    divergence: 'D15: the TKW simulator recognises only encoded parameters; the validator does not flag a raw pipe.',
    interactions: ['search', 'delete'],
    roles: ANY_ROLE,
    judge(request) {
      const pairs = request.rawQuery.split('&').map((pair) => [pair.split('=')[0]!, pair.slice(pair.indexOf('=') + 1)]);
      const tokens = pairs.filter(([name]) => TOKEN_PARAMETERS.has(decodeURIComponentSafe(name!)));
      if (tokens.length === 0) return undefined;
      const raw = tokens.filter(([, value]) => value!.includes('|')).map(([name]) => name);
      if (raw.length > 0) return failed(`a literal '|' in ${raw.join(', ')}: the 1.2.2 guide says encode it as %7C`);
      return passed(`token parameter(s) ${tokens.map(([name]) => name).join(', ')} encoded`);
    },
  },
  {
    id: 'search-custodian-token',
    optional: 'the custodian filter (NRLS-SEARCH-004, a MAY)',
    title: 'A custodian filter is https://fhir.nhs.uk/Id/ods-organization-code|[ODS] of a known provider organisation',
    requirements: ['NRLS-SEARCH-005', 'NRLS-SEARCH-022'],
    level: 'MUST',
    tkw: [],
    amb: 'AMB-20',
    interactions: ['search'],
    roles: ANY_ROLE,
    judge(request) {
      const name = CUSTODIAN_NAMES.find((candidate) => request.query.has(candidate));
      if (!name) return undefined;
      const value = request.query.get(name)!;
      const parts = splitToken(value);
      if (!parts || parts.system !== ODS_CODE_SYSTEM || parts.value === '')
        return failed(`${name} ${quote(value)} is not ${ODS_CODE_SYSTEM}|[ODS]`);
      const organisation = request.directory.organisations.find((org) => org.ods === parts.value);
      if (!organisation?.providerRole)
        return failed(`${name} ODS ${parts.value} is not a known organisation with the provider role`, [
          'NRLS-SEARCH-022',
        ]);
      return passed(`${name} ${value}`);
    },
  },
  {
    id: 'search-type-token',
    optional: 'the type filter (NRLS-SEARCH-004, a MAY)',
    title: `A type filter is ${SNOMED_SYSTEM}|[code] with a code of NRLS-RecordType-1`,
    requirements: ['NRLS-SEARCH-006', 'NRLS-SEARCH-023'],
    level: 'MUST',
    tkw: [],
    interactions: ['search'],
    roles: ANY_ROLE,
    judge(request) {
      const name = TYPE_NAMES.find((candidate) => request.query.has(candidate));
      if (!name) return undefined;
      const value = request.query.get(name)!;
      const parts = splitToken(value);
      if (!parts || parts.system !== SNOMED_SYSTEM)
        return failed(`${name} ${quote(value)} is not ${SNOMED_SYSTEM}|[code]`);
      if (parts.value !== CRISIS_PLAN.code)
        return failed(`${name} code ${quote(parts.value)} is not in NRLS-RecordType-1`);
      return passed(`${name} ${value}`);
    },
  },
  {
    id: 'delete-parameters',
    title: 'A delete names the pointer by _id alone, or by subject and identifier=[system]|[value]',
    requirements: ['NRLS-DELETE-002', 'NRLS-DELETE-003', 'NRLS-DELETE-004', 'NRLS-DELETE-012', 'NRLS-NHS-004'],
    level: 'MUST',
    tkw: [],
    amb: 'AMB-35',
    interactions: ['delete'],
    roles: ANY_ROLE,
    judge(request) {
      const { query } = request;
      const names = namesBesidesFormat(query);
      if (query.has('_id')) {
        if (names.length > 1) return failed(`_id is combined with ${names.filter((n) => n !== '_id').join(', ')}`);
        if (query.get('_id') === '') return failed('_id is empty');
        return passed(`delete by _id=${query.get('_id')}`);
      }
      const subject = query.get('subject');
      const identifier = query.get('identifier');
      if (subject === null || identifier === null)
        return failed(`a delete needs _id, or subject and identifier; it has ${names.join(', ') || 'no parameters'}`);
      const extra = names.filter((name) => name !== 'subject' && name !== 'identifier');
      if (extra.length > 0) return failed(`a delete by master identifier does not take ${extra.join(', ')}`);
      const wrongSubject = judgeSubject(subject, { form: ['NRLS-DELETE-012'], nhs: ['NRLS-NHS-004'] });
      if (wrongSubject) return wrongSubject;
      const parts = splitToken(identifier);
      if (!parts || parts.system === '' || parts.value === '')
        return failed(`identifier ${quote(identifier)} is not [system]|[value] with both given`, ['NRLS-DELETE-004']);
      return passed(`delete by master identifier ${identifier}`);
    },
  },
];

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return text;
  }
}

/** TKW V24: a search or a delete is a bodiless request (§2.3, §2.4: everything it says is in the URL). */
function noBody(interaction: 'search' | 'delete', requirements: string[]): JudgingRule {
  return {
    id: `no-body-on-${interaction}`,
    title: `A ${interaction} sends no body`,
    requirements,
    level: 'MUST',
    tkw: ['V24'],
    interactions: [interaction],
    roles: ANY_ROLE,
    judge(request) {
      if (request.body().kind === 'absent') return passed(`no body on the ${request.method}`);
      return failed(`the ${request.method} carries a body; a ${interaction} sends none`);
    },
  };
}
