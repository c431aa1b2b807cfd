// What the client may ask for (§2.0, §2.5, §4.5): an interaction NRLS 1.2.x offers, and one the
// directory grants the sender's ASID.
import { ANY_ROLE, failed, passed, type JudgingRule } from './rule.ts';

/** NRLS-AUTHZ-006: a supersede is a create, so it needs the create interaction. */
const GRANT_FOR = { search: 'search', create: 'create', supersede: 'create', delete: 'delete' } as const;

export const ROLE_RULES: JudgingRule[] = [
  {
    id: 'interaction-supported',
    title: 'The request is one of the 1.2.x interactions: GET (search), POST (create) or DELETE on DocumentReference',
    requirements: ['NRLS-GEN-002', 'NRLS-UNSUP-001', 'NRLS-UNSUP-002', 'NRLS-UNSUP-003', 'NRLS-UNSUP-005'],
    level: 'MUST',
    tkw: [],
    divergence: 'Read, PATCH and path-style DELETE arrive in 2.x; in 1.2.x they are not supported.',
    amb: 'AMB-38',
    interactions: ['any'],
    roles: ANY_ROLE,
    judge(request) {
      if (request.interaction) return passed(`${request.interaction}: ${request.method} ${request.path}`);
      return failed(`${request.method} ${request.path} is not an NRLS 1.2.x interaction`, unsupportedAbout(request));
    },
  },
  {
    id: 'interaction-permitted',
    title: "The interaction is one the directory grants the sender's ASID (Consumers search only)",
    requirements: ['NRLS-AUTHZ-005', 'NRLS-AUTHZ-006', 'NRLS-CREATE-002', 'NRLS-DELETE-001'],
    level: 'MUST',
    tkw: [],
    amb: 'AMB-10',
    interactions: ['search', 'create', 'supersede', 'delete'],
    roles: ANY_ROLE,
    judge(request) {
      const { interaction, sender } = request;
      if (!interaction || !sender) return undefined;
      const grant = GRANT_FOR[interaction];
      if (!sender.interactions.includes(grant))
        return failed(
          `ASID ${sender.asid} (${request.role}) is not granted ${grant}; it may ${sender.interactions.join(', ')}`,
        );
      return passed(`ASID ${sender.asid} is granted ${grant}`);
    },
  },
];

/** The §2.5 row an unsupported request is about: read, PUT, PATCH, path-style DELETE; else GEN-002. */
function unsupportedAbout(request: { method: string; path: string }): string[] {
  const onePointer = /\/DocumentReference\/[^/]+$/.test(request.path);
  if (request.method === 'PATCH') return ['NRLS-UNSUP-003'];
  if (onePointer && request.method === 'GET') return ['NRLS-UNSUP-001'];
  if (onePointer && request.method === 'PUT') return ['NRLS-UNSUP-002'];
  if (onePointer && request.method === 'DELETE') return ['NRLS-UNSUP-005'];
  return ['NRLS-GEN-002'];
}
