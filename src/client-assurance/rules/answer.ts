// What the mock answered, as evidence about the request: a refusal no simulator trigger caused means the
// request broke a rule the mock enforces, and the Spine code says which requirement it evidences.
import type { RequestView } from './request-view.ts';
import { ANY_ROLE, failed, passed, warning, type Finding, type JudgingRule } from './rule.ts';

/** MISSING_OR_INVALID_HEADER: the diagnostics text (§2.6, §4.3) tells which header or claim. */
const HEADER_DIAGNOSTICS: [RegExp, string][] = [
  [/fromASID HTTP Header/, 'NRLS-HDR-002'],
  [/toASID HTTP Header/, 'NRLS-HDR-003'],
  [/Authori[sz]ation (HTTP Header is missing|header must be supplied)/, 'NRLS-HDR-001'],
  [/must have the 3 sections/, 'NRLS-JWT-009'],
  [/mandatory claim requesting_user/, 'NRLS-JWT-015'],
  [/mandatory claim/, 'NRLS-JWT-010'],
  [/^requesting_user \(.*and sub/, 'NRLS-JWT-011'],
  [/^requesting_system \(.*and sub/, 'NRLS-JWT-012'],
  [/reason_for_request/, 'NRLS-JWT-013'],
  [/^scope/, 'NRLS-JWT-014'],
  [/requesting_system \(.*must be of the form/, 'NRLS-JWT-016'],
  [/does not match the FromASID/, 'NRLS-JWT-021'],
  [/requesting_system \(.*is unknown/, 'NRLS-JWT-017'],
  [/requesting_organisation \(.*must be of the form/, 'NRLS-JWT-018'],
  [/requesting_organisation\(.*is unknown/, 'NRLS-JWT-019'],
  [/is not associated with the requesting_organisation/, 'NRLS-JWT-020'],
  [/claim .* must be an integer|has expired or is not yet valid/, 'NRLS-JWT-006'],
  [/alg none and an empty signature/, 'NRLS-JWT-004'],
];

/** The requirement each Spine code evidences (§2.6); some depend on the interaction. */
function requirementsOf(spineCode: string, request: RequestView, diagnostics: string): string[] {
  switch (spineCode) {
    case 'MISSING_OR_INVALID_HEADER':
      return [HEADER_DIAGNOSTICS.find(([pattern]) => pattern.test(diagnostics))?.[1] ?? 'NRLS-HDR-001'];
    case 'INVALID_RESOURCE':
      return [request.interaction === 'delete' ? 'NRLS-DELETE-005' : 'NRLS-CREATE-021'];
    case 'INVALID_PARAMETER':
      return ['NRLS-ERR-005'];
    case 'INVALID_NHS_NUMBER':
      return ['NRLS-NHS-004'];
    case 'INVALID_REQUEST_MESSAGE':
      return ['NRLS-CREATE-020'];
    case 'DUPLICATE_REJECTED':
      return ['NRLS-CREATE-013'];
    case 'ORGANISATION_NOT_FOUND':
      return ['NRLS-CREATE-019'];
    case 'ACCESS_DENIED':
      return ['NRLS-AUTHZ-006'];
    case 'UNSUPPORTED_MEDIA_TYPE':
      return ['NRLS-FMT-006'];
    case 'NO_RECORD_FOUND':
      return [request.interaction === 'delete' ? 'NRLS-DELETE-008' : 'NRLS-SEARCH-018'];
    default:
      return [];
  }
}

/** The OperationOutcome's diagnostics, JSON or XML, '' when there are none. */
export function diagnosticsOf(body: string | undefined): string {
  if (!body) return '';
  const json = /"diagnostics"\s*:\s*("(?:[^"\\]|\\.)*")/.exec(body);
  if (json) {
    try {
      return JSON.parse(json[1]!) as string;
    } catch {
      return '';
    }
  }
  const xml = /<diagnostics\s+value="([^"]*)"/.exec(body);
  return xml
    ? xml[1]!.replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&')
    : '';
}

export const ANSWER_RULES: JudgingRule[] = [
  {
    id: 'accepted-by-nrls',
    title: 'NRLS accepted the request: a refusal no simulator trigger caused is evidence of a client defect',
    requirements: [
      'NRLS-HDR-001',
      'NRLS-HDR-002',
      'NRLS-HDR-003',
      'NRLS-JWT-010',
      'NRLS-CREATE-021',
      'NRLS-ERR-005',
      'NRLS-NHS-004',
      'NRLS-CREATE-020',
      'NRLS-CREATE-013',
      'NRLS-CREATE-019',
      'NRLS-AUTHZ-006',
      'NRLS-FMT-006',
      'NRLS-DELETE-005',
      'NRLS-DELETE-008',
      'NRLS-SEARCH-017',
      'NRLS-SEARCH-018',
      'NRLS-UNSUP-007',
    ],
    level: 'MUST',
    tkw: [],
    interactions: ['any'],
    roles: ANY_ROLE,
    judge(request): Finding | undefined {
      const { response } = request;
      if (request.trigger) return undefined;
      if (response.dropped) return warning('the mock dropped the connection without a trigger: not judged');
      if (response.status >= 200 && response.status < 300)
        return passed(`${response.status}${response.spineCode ? ` ${response.spineCode}` : ''}`);
      const diagnostics = diagnosticsOf(response.body);
      const code = response.spineCode ?? '(no Spine code)';
      const said = `${response.status} ${code}${diagnostics ? `: ${diagnostics}` : ''}`;
      if (response.status >= 500) return warning(`the mock answered ${said}, a server fault, not the client's`);
      // NRLS-SEARCH-017: a patient without a Spine Clinicals record is an answer, not a defect.
      if (response.spineCode === 'NO_RECORD_FOUND' && request.interaction === 'search')
        return { outcome: 'warning', detail: `refused ${said}`, requirements: ['NRLS-SEARCH-017', 'NRLS-SEARCH-018'] };
      if (!response.spineCode && (response.status === 404 || response.status === 405))
        return failed(`refused ${said}`, ['NRLS-UNSUP-007']);
      const requirements = response.spineCode ? requirementsOf(response.spineCode, request, diagnostics) : [];
      return failed(`refused ${said}`, requirements.length > 0 ? requirements : undefined);
    },
  },
];
