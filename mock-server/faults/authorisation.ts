// Faults of ASID + interaction authorisation (§4.5), against AUTHORISE_RULES (pipeline/authorise.ts).
import { replyFor } from './answer.ts';
import { fault, rule } from './fault.ts';

export const AUTHORISATION_FAULTS = {
  // A consumer can own no pointer, so its create is still refused (custodian); only the AMB-10 response
  // tells the two apart.
  'consumer-may-create': fault(
    'authorisation',
    ['NRLS-CREATE-002', 'NRLS-AUTHZ-005', 'NRLS-AUTHZ-006', 'NRLS-AUTHZ-007', 'NRLS-ERR-015'],
    'a consumer is allowed to create',
    rule('authorise', (base) => ({
      mayPerform: (client, interaction) => interaction === 'create' || base.mayPerform(client, interaction),
    })),
    'AMB-10',
  ),
  // A consumer owns no pointer, so its delete is still refused (ownership); only the AMB-10 response tells
  // the two apart.
  'consumer-may-delete': fault(
    'authorisation',
    ['NRLS-DELETE-001', 'NRLS-AUTHZ-005', 'NRLS-AUTHZ-006', 'NRLS-AUTHZ-007', 'NRLS-ERR-015'],
    'a consumer is allowed to delete',
    rule('authorise', (base) => ({
      mayPerform: (client, interaction) => interaction === 'delete' || base.mayPerform(client, interaction),
    })),
    'AMB-10',
  ),
  'access-denied-as-400': fault(
    'authorisation',
    ['NRLS-AUTHZ-007', 'NRLS-ERR-015'],
    'a blocked interaction gets 400, not 403',
    replyFor(['ACCESS_DENIED'], (reply) => ({ ...reply, status: 400 })),
  ),
  // The spec both lets providers search and limits it to those in the consumer role (AMB-09).
  'providers-may-not-search': fault(
    'authorisation',
    ['NRLS-SEARCH-001', 'NRLS-AUTHZ-008'],
    'an ASID with provider interactions may not search',
    rule('authorise', (base) => ({
      mayPerform: (client, interaction) =>
        base.mayPerform(client, interaction) &&
        !(interaction === 'search' && client.interactions.some((held) => held !== 'search')),
    })),
    'AMB-09',
  ),
};
