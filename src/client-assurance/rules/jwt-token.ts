// The JWT as a token (§4.1): three sections, unsecured, a JSON payload, and a fresh five-minute lifetime.
import { ANY_ROLE, failed, passed, quote, type JudgingRule } from './rule.ts';

/** Clocks differ: an iat up to a minute after the request arrived, or an exp a minute before, is tolerated. */
export const CLOCK_SKEW_SECONDS = 60;
const LIFETIME_SECONDS = 300;

export const JWT_TOKEN_RULES: JudgingRule[] = [
  {
    id: 'jwt-structure',
    title: 'The JWT has three sections and is unsecured: alg none, an empty signature, a trailing dot',
    requirements: ['NRLS-JWT-003', 'NRLS-JWT-004', 'NRLS-JWT-005', 'NRLS-JWT-009'],
    level: 'MUST',
    tkw: ['V05', 'V23'],
    divergence:
      'The 1.2.x server accepts signed tokens without checking them (NRLS-JWT-005); a client building its own ' +
      'token SHALL make it unsecured (NRLS-JWT-004), which is what this rule and TKW V05 check.',
    amb: 'AMB-55',
    interactions: ['any'],
    roles: ANY_ROLE,
    judge(request) {
      const token = request.token();
      if (!token || token.token === '') return undefined;
      const { sections } = token;
      if (sections.length !== 3)
        return failed(`the JWT has ${sections.length} section(s), not 3 (header.payload.signature)`);
      const header = token.header as { alg?: unknown } | undefined;
      if (header === undefined || header === null || typeof header !== 'object')
        return failed('the JWT header section is not base64url-encoded JSON');
      if (header.alg !== 'none')
        return failed(`the JWT header has alg ${quote(header.alg)}; an unsecured JWT has "none"`);
      if (sections[2] !== '') return failed('the JWT has a signature; an unsecured JWT ends with an empty one (a dot)');
      return passed('three sections, alg none, empty signature');
    },
  },
  {
    id: 'jwt-payload-json',
    title: 'The JWT payload is a base64url-encoded JSON object',
    requirements: ['NRLS-JWT-026', 'NRLS-JWT-009'],
    level: 'MUST',
    tkw: ['V23'],
    amb: 'AMB-59',
    interactions: ['any'],
    roles: ANY_ROLE,
    judge(request) {
      const token = request.token();
      if (token?.sections.length !== 3) return undefined;
      if (!token.claims) return failed('the JWT payload section is not a base64url-encoded JSON object');
      return passed(`payload with ${Object.keys(token.claims).length} claims`);
    },
  },
  {
    id: 'jwt-lifetime',
    title: 'exp and iat are integers (seconds) and exp is iat + 300',
    requirements: ['NRLS-JWT-006', 'NRLS-JWT-024'],
    level: 'INHERITED',
    tkw: ['V13', 'V14', 'V15'],
    divergence:
      'D4: the 1.2.x server checks only that exp and iat are integers (NRLS-JWT-024, AMB-06), but the client ' +
      'rule it inherits from Spine Core (NRLS-JWT-006) is exp = iat + 5 minutes, judged here as TKW V15 does.',
    amb: 'AMB-06',
    interactions: ['any'],
    roles: ANY_ROLE,
    judge(request) {
      const claims = request.claims();
      if (!claims || claims.exp === undefined || claims.iat === undefined) return undefined;
      const { exp, iat } = claims;
      if (!Number.isSafeInteger(exp)) return failed(`exp ${quote(exp)} is not an integer number of seconds`);
      if (!Number.isSafeInteger(iat)) return failed(`iat ${quote(iat)} is not an integer number of seconds`);
      const lifetime = (exp as number) - (iat as number);
      if (lifetime !== LIFETIME_SECONDS) return failed(`exp - iat is ${lifetime} s; it must be ${LIFETIME_SECONDS} s`);
      return passed('exp = iat + 300');
    },
  },
  {
    id: 'jwt-fresh',
    title: 'The JWT is new for the request: iat is not in the future and exp has not passed when it arrives',
    requirements: ['NRLS-JWT-006'],
    level: 'INHERITED',
    tkw: [],
    divergence: `TKW does not compare the token with the clock. ${CLOCK_SKEW_SECONDS} s of clock skew is allowed.`,
    interactions: ['any'],
    roles: ANY_ROLE,
    judge(request) {
      const claims = request.claims();
      if (!claims || !Number.isSafeInteger(claims.exp) || !Number.isSafeInteger(claims.iat)) return undefined;
      const arrived = Math.floor(request.receivedAt.getTime() / 1000);
      if (Number.isNaN(arrived)) return undefined;
      const iat = claims.iat as number;
      const exp = claims.exp as number;
      if (iat > arrived + CLOCK_SKEW_SECONDS) return failed(`iat is ${iat - arrived} s after the request arrived`);
      if (exp < arrived - CLOCK_SKEW_SECONDS)
        return failed(`the JWT expired ${arrived - exp} s before the request arrived`);
      return passed(`issued ${arrived - iat} s before the request arrived`);
    },
  },
];
