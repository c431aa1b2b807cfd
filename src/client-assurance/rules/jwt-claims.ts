// The JWT claims (§4.2, §4.3) and how they tie to the headers and the directory (§4.4). A rule about a
// claim gives no verdict when the claim is missing: jwt-mandatory-claims reports that, once.
import {
  ASID_SYSTEM,
  ODS_CODE_SYSTEM,
  REASON_DIRECT_CARE,
  SCOPE_READ,
  SCOPE_WRITE,
  splitToken,
} from '../../domain/identifiers.ts';
import { MANDATORY_CLAIMS } from '../../domain/jwt.ts';
import { asidOfRequestingSystem } from './request-view.ts';
import { ANY_ROLE, failed, passed, quote, type JudgingRule } from './rule.ts';

const present = (value: unknown) => value !== undefined && value !== null && value !== '';

/** NRLS-JWT-025 (AMB-07): search reads, the others write. */
const SCOPE_FOR = { search: SCOPE_READ, create: SCOPE_WRITE, supersede: SCOPE_WRITE, delete: SCOPE_WRITE };

function odsOfRequestingOrganization(claim: unknown): string | undefined {
  const parts = typeof claim === 'string' ? splitToken(claim) : undefined;
  return parts && parts.system === ODS_CODE_SYSTEM && parts.value !== '' ? parts.value : undefined;
}

export const JWT_CLAIM_RULES: JudgingRule[] = [
  {
    id: 'jwt-mandatory-claims',
    title:
      'The JWT carries every mandatory claim (iss, sub, aud, exp, iat, reason_for_request, scope, ' +
      'requesting_system, requesting_organization)',
    requirements: ['NRLS-JWT-010'],
    level: 'MUST',
    tkw: ['V10', 'V11', 'V12', 'V13', 'V14', 'V18', 'V19'],
    divergence: 'D2: TKW V19 treats requesting_organization as optional; 1.2.x makes it mandatory (NRLS-JWT-010).',
    interactions: ['any'],
    roles: ANY_ROLE,
    judge(request) {
      const claims = request.claims();
      if (!claims) return undefined;
      const missing = MANDATORY_CLAIMS.filter((claim) => !present(claims[claim]));
      if (missing.length > 0) return failed(`mandatory claim(s) missing from the JWT: ${missing.join(', ')}`);
      return passed('every mandatory claim is present');
    },
  },
  {
    id: 'jwt-requesting-user',
    title: "A Consumer's JWT names the user in requesting_user, as system|value",
    requirements: ['NRLS-JWT-015', 'NRLS-AUTHZ-009', 'NRLS-SEARCH-032'],
    level: 'MUST',
    tkw: ['V20'],
    divergence: 'TKW V20 treats requesting_user as optional for every client; 1.2.x requires it of Consumers.',
    amb: 'AMB-08, AMB-11',
    interactions: ['any'],
    roles: ['consumer'],
    judge(request) {
      const claims = request.claims();
      if (!claims) return undefined;
      const user = claims.requesting_user;
      if (!present(user)) return failed('mandatory claim requesting_user is missing from a Consumer JWT');
      const parts = typeof user === 'string' ? splitToken(user) : undefined;
      if (!parts || parts.system === '' || parts.value === '')
        return failed(`requesting_user ${quote(user)} is not of the form [system]|[value]`);
      return passed(`requesting_user ${user}`);
    },
  },
  {
    id: 'jwt-sub-matches',
    title: 'sub equals requesting_user when that is present, otherwise requesting_system',
    requirements: ['NRLS-JWT-011', 'NRLS-JWT-012', 'NRLS-JWT-022'],
    level: 'MUST',
    tkw: ['V22'],
    divergence: 'TKW V22 lets sub equal any of the requesting_* claims; 1.2.x requires requesting_user first.',
    interactions: ['any'],
    roles: ANY_ROLE,
    judge(request) {
      const claims = request.claims();
      if (!claims || !present(claims.sub)) return undefined;
      const { sub } = claims;
      if (present(claims.requesting_user)) {
        if (sub !== claims.requesting_user)
          return failed(`sub ${quote(sub)} is not requesting_user ${quote(claims.requesting_user)}`, ['NRLS-JWT-011']);
        return passed('sub = requesting_user');
      }
      if (!present(claims.requesting_system)) return undefined;
      if (sub !== claims.requesting_system)
        return failed(`sub ${quote(sub)} is not requesting_system ${quote(claims.requesting_system)}`, [
          'NRLS-JWT-012',
        ]);
      return passed('sub = requesting_system');
    },
  },
  {
    id: 'jwt-reason-for-request',
    title: 'reason_for_request is directcare',
    requirements: ['NRLS-JWT-013'],
    level: 'MUST',
    tkw: ['V16'],
    interactions: ['any'],
    roles: ANY_ROLE,
    judge(request) {
      const reason = request.claims()?.reason_for_request;
      if (!present(reason)) return undefined;
      if (reason !== REASON_DIRECT_CARE) return failed(`reason_for_request ${quote(reason)} is not "directcare"`);
      return passed('reason_for_request directcare');
    },
  },
  {
    id: 'jwt-scope',
    title: 'scope is patient/DocumentReference.read or patient/DocumentReference.write',
    requirements: ['NRLS-JWT-014'],
    level: 'MUST',
    tkw: ['V17'],
    interactions: ['any'],
    roles: ANY_ROLE,
    judge(request) {
      const scope = request.claims()?.scope;
      if (!present(scope)) return undefined;
      if (scope !== SCOPE_READ && scope !== SCOPE_WRITE)
        return failed(`scope ${quote(scope)} is neither ${SCOPE_READ} nor ${SCOPE_WRITE}`);
      return passed(`scope ${scope}`);
    },
  },
  {
    id: 'jwt-scope-fits-interaction',
    title: 'scope fits the interaction: read for search; write for create, supersede and delete',
    requirements: ['NRLS-JWT-025', 'NRLS-JWT-014'],
    level: 'MOCK-REC',
    tkw: [],
    amb: 'AMB-07',
    interactions: ['search', 'create', 'supersede', 'delete'],
    roles: ANY_ROLE,
    judge(request) {
      const scope = request.claims()?.scope;
      const interaction = request.interaction;
      if (!interaction || (scope !== SCOPE_READ && scope !== SCOPE_WRITE)) return undefined;
      const needed = SCOPE_FOR[interaction];
      if (scope !== needed) return failed(`scope ${scope} does not fit ${interaction} (needs ${needed})`);
      return passed(`scope ${scope} fits ${interaction}`);
    },
  },
  {
    id: 'jwt-requesting-system',
    title: 'requesting_system is https://fhir.nhs.uk/Id/accredited-system|[ASID] naming a known ASID',
    requirements: ['NRLS-JWT-016', 'NRLS-JWT-017'],
    level: 'MUST',
    tkw: ['V18'],
    divergence: 'TKW V18 checks the form only; 1.2.x also refuses an ASID Spine does not know (NRLS-JWT-017).',
    amb: 'AMB-04',
    interactions: ['any'],
    roles: ANY_ROLE,
    judge(request) {
      const claim = request.claims()?.requesting_system;
      if (!present(claim)) return undefined;
      const asid = asidOfRequestingSystem(claim);
      if (asid === undefined) {
        const slash = typeof claim === 'string' && claim.startsWith(`${ASID_SYSTEM}/`);
        const why = slash ? ' (AMB-04: the pipe form, not the slash form)' : '';
        return failed(`requesting_system ${quote(claim)} is not of the form ${ASID_SYSTEM}|[ASID]${why}`);
      }
      if (!request.directory.systems.some((system) => system.asid === asid))
        return failed(`requesting_system ASID ${quote(asid)} is not known`, ['NRLS-JWT-017']);
      return passed(`requesting_system ${claim}`);
    },
  },
  {
    id: 'jwt-requesting-system-is-from-asid',
    title: 'The requesting_system ASID is the fromASID header',
    requirements: ['NRLS-JWT-021', 'NRLS-AUTHZ-003'],
    level: 'INHERITED',
    tkw: [],
    amb: 'AMB-05',
    interactions: ['any'],
    roles: ANY_ROLE,
    judge(request) {
      const asid = asidOfRequestingSystem(request.claims()?.requesting_system);
      const fromAsid = request.header('fromASID');
      // A malformed fromASID is from-asid-header's finding; comparing it with the claim would repeat it.
      if (asid === undefined || fromAsid === undefined || !/^[0-9]{12}$/.test(fromAsid)) return undefined;
      if (asid !== fromAsid) return failed(`requesting_system ASID ${asid} is not the fromASID ${fromAsid}`);
      return passed(`requesting_system ASID = fromASID ${asid}`);
    },
  },
  {
    id: 'jwt-requesting-organization',
    title: 'requesting_organization is https://fhir.nhs.uk/Id/ods-organization-code|[ODS] naming a known ODS code',
    requirements: ['NRLS-JWT-018', 'NRLS-JWT-019'],
    level: 'MUST',
    tkw: ['V19'],
    divergence: 'D2: TKW V19 only checks the form when the claim is there; 1.2.x requires it and a known code.',
    amb: 'AMB-04',
    interactions: ['any'],
    roles: ANY_ROLE,
    judge(request) {
      const claim = request.claims()?.requesting_organization;
      if (!present(claim)) return undefined;
      const ods = odsOfRequestingOrganization(claim);
      if (ods === undefined)
        return failed(`requesting_organization ${quote(claim)} is not of the form ${ODS_CODE_SYSTEM}|[ODS]`);
      const { organisations, systems } = request.directory;
      if (!organisations.some((org) => org.ods === ods) && !systems.some((system) => system.ods === ods))
        return failed(`requesting_organization ODS code ${quote(ods)} is not known`, ['NRLS-JWT-019']);
      return passed(`requesting_organization ${claim}`);
    },
  },
  {
    id: 'jwt-requesting-organization-is-sender',
    title: 'The requesting_organization ODS code is the one tied to the ASID in fromASID',
    requirements: ['NRLS-JWT-020', 'NRLS-AUTHZ-004', 'NRLS-ODS-003'],
    level: 'MUST',
    tkw: [],
    interactions: ['any'],
    roles: ANY_ROLE,
    judge(request) {
      const ods = odsOfRequestingOrganization(request.claims()?.requesting_organization);
      if (ods === undefined || !request.sender) return undefined;
      const { asid, ods: expected } = request.sender;
      if (ods !== expected)
        return failed(`requesting_organization ODS ${ods} is not ${expected}, the ODS of ASID ${asid}`);
      return passed(`requesting_organization ODS ${ods} is the ODS of ASID ${asid}`);
    },
  },
];
