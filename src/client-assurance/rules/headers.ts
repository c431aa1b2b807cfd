// Request headers (§1.5, §1.6, §4.4): fromASID, toASID, Authorization, Accept and `_format`, and the
// case of the header names.
import { FORMAT_PARAMETER_SHORT_FORMS, MEDIA_TYPE_FORMATS } from '../../domain/fhir-format.ts';
import { ANY_ROLE, failed, passed, quote, warning, type Finding, type JudgingRule } from './rule.ts';

const STU3_TYPES = new Set(['application/fhir+xml', 'application/fhir+json']);
const ASID = /^[0-9]{12}$/;

/** How a media type fits NRLS: STU3 (NRLS-FMT-001), DSTU2 or generic (NRLS-FMT-002/003), or not at all. */
function mediaTypeFit(mediaType: string): 'stu3' | 'accepted' | 'unsupported' {
  const bare = mediaType.split(';')[0]!.trim().toLowerCase();
  if (STU3_TYPES.has(bare)) return 'stu3';
  return Object.hasOwn(MEDIA_TYPE_FORMATS, bare) ? 'accepted' : 'unsupported';
}

function formatParameterFit(value: string): 'stu3' | 'accepted' | 'unsupported' {
  if (Object.hasOwn(FORMAT_PARAMETER_SHORT_FORMS, value)) return 'stu3';
  return mediaTypeFit(value);
}

/** The header names NRLS documents, in the documented case (NRLS-HDR-005). */
const DOCUMENTED_NAMES = ['fromASID', 'toASID', 'Authorization', 'Accept'];

export const HEADER_RULES: JudgingRule[] = [
  {
    id: 'from-asid-header',
    title: 'fromASID is present, 12 digits, and the ASID of a known client system',
    requirements: ['NRLS-HDR-002', 'NRLS-AUTHZ-001', 'NRLS-HDR-006'],
    level: 'MUST',
    tkw: ['V02'],
    divergence: 'TKW V02 checks only the 12 digits; 1.2.x also refuses an ASID Spine does not know (NRLS-HDR-006).',
    amb: 'AMB-03',
    interactions: ['any'],
    roles: ANY_ROLE,
    judge(request) {
      const value = request.header('fromASID');
      if (value === undefined) return failed('fromASID header is missing');
      if (!ASID.test(value)) return failed(`fromASID ${quote(value)} is not 12 digits`);
      if (!request.sender) return failed(`fromASID ${value} is not the ASID of a known client system`);
      return passed(`fromASID ${value} (${request.sender.ods})`);
    },
  },
  {
    id: 'to-asid-header',
    title: "toASID is present and is the Spine's ASID",
    requirements: ['NRLS-HDR-003', 'NRLS-AUTHZ-002', 'NRLS-HDR-006'],
    level: 'MUST',
    tkw: ['V03'],
    divergence: "TKW V03 checks only the 12 digits; 1.2.x refuses any value but the Spine's ASID (AMB-03).",
    amb: 'AMB-60',
    interactions: ['any'],
    roles: ANY_ROLE,
    judge(request) {
      const value = request.header('toASID');
      const spine = request.directory.spineAsid;
      if (value === undefined) return failed('toASID header is missing');
      if (value !== spine) return failed(`toASID ${quote(value)} is not the Spine ASID ${spine}`);
      return passed(`toASID ${value}`);
    },
  },
  {
    id: 'authorization-bearer',
    title: 'Authorization is present and carries the JWT with the Bearer scheme',
    requirements: ['NRLS-HDR-001', 'NRLS-JWT-001'],
    level: 'MUST',
    tkw: ['V04'],
    divergence: 'TKW V05 wants `Bearer` in that case; 1.2.x matches the scheme in any case (AMB-54).',
    amb: 'AMB-54',
    interactions: ['any'],
    roles: ANY_ROLE,
    judge(request) {
      const value = request.header('Authorization');
      if (value === undefined) return failed('Authorization header is missing');
      if (value.trim() === '') return failed('Authorization header is empty');
      const token = request.token()!;
      if (!token.scheme) return failed('Authorization header has no Bearer scheme: it must be `Bearer <jwt>`');
      return passed(`Authorization: ${token.scheme} <jwt>`);
    },
  },
  {
    id: 'accept-header',
    title: 'Accept, when sent, names an STU3 FHIR media type (DSTU2 and generic types pass with a warning)',
    requirements: ['NRLS-HDR-004', 'NRLS-FMT-001', 'NRLS-FMT-002', 'NRLS-FMT-003', 'NRLS-FMT-004'],
    level: 'SHALL',
    tkw: ['V01'],
    divergence:
      'D1: TKW V01 flags an absent Accept; in 1.2.x Accept is a MAY (NRLS-HDR-004), so an absent Accept passes. ' +
      'An unsupported Accept with a supported _format is only a warning, since _format wins (NRLS-FMT-004).',
    amb: 'AMB-12',
    interactions: ['any'],
    roles: ANY_ROLE,
    judge(request): Finding {
      const value = request.header('Accept');
      if (value === undefined) return passed('no Accept header (optional: NRLS-HDR-004)');
      const fits = value.split(',').map((type) => mediaTypeFit(type));
      if (fits.includes('stu3')) return passed(`Accept ${quote(value)}`);
      if (fits.includes('accepted'))
        return warning(`Accept ${quote(value)} is a DSTU2 or generic type; prefer application/fhir+json or +xml`);
      const format = request.query.get('_format');
      if (format !== null && formatParameterFit(format) !== 'unsupported')
        return warning(`Accept ${quote(value)} names no FHIR media type (the _format parameter decides)`);
      return failed(`Accept ${quote(value)} names no FHIR media type NRLS supports`);
    },
  },
  {
    id: 'format-parameter',
    optional: 'the _format parameter (NRLS-FMT-004, a MAY)',
    title: '_format, when sent, is a supported FHIR media type or xml/json, percent-encoded',
    requirements: ['NRLS-FMT-004', 'NRLS-FMT-006', 'NRLS-FMT-008', 'NRLS-GEN-005'],
    level: 'SHALL',
    tkw: [],
    amb: 'AMB-14',
    interactions: ['any'],
    roles: ANY_ROLE,
    judge(request) {
      const values = request.query.getAll('_format');
      if (values.length === 0) return undefined;
      if (values.length > 1) return failed(`_format is given ${values.length} times`);
      const value = values[0]!;
      const fit = formatParameterFit(value);
      if (fit === 'stu3') return passed(`_format=${value}`);
      if (fit === 'accepted') return warning(`_format=${value} is a DSTU2 or generic type; prefer fhir+json/fhir+xml`);
      if (value.includes(' ') && formatParameterFit(value.replaceAll(' ', '+')) !== 'unsupported')
        return failed(`_format ${quote(value)}: a raw '+' in the query reads as a space; encode it as %2B`);
      return failed(`_format ${quote(value)} is not a media type NRLS supports (415 UNSUPPORTED_MEDIA_TYPE)`);
    },
  },
  {
    id: 'header-name-case',
    title: 'Header names are sent in the documented case (fromASID, toASID, Authorization, Accept)',
    requirements: ['NRLS-HDR-005'],
    level: 'SHALL',
    tkw: [],
    divergence: 'The spec calls header names case-sensitive, RFC 7230 does not: a different case is only a warning.',
    amb: 'AMB-02',
    interactions: ['any'],
    roles: ANY_ROLE,
    judge(request) {
      const odd = request.request.headers
        .map(([name]) => [name, DOCUMENTED_NAMES.find((known) => known.toLowerCase() === name.toLowerCase())])
        .filter(([name, known]) => known !== undefined && known !== name)
        .map(([name, known]) => `${name} (documented: ${known})`);
      if (odd.length > 0) return warning(`header names not in the documented case: ${odd.join(', ')}`);
      return passed('documented header names in the documented case');
    },
  },
];
