// Faults of delete (§2.4): QUERY_RULES (pipeline/parse-query.ts) and DELETE_RULES (interactions/delete.ts),
// and the delete's answer at the HTTP boundary (NRLS-DELETE-006/007).
import { splitToken } from '../../src/domain/identifiers.ts';
import { replyFor } from './answer.ts';
import { combine, fault, rule } from './fault.ts';

export const DELETE_FAULTS = {
  'delete-ownership-unchecked': fault(
    'delete',
    ['NRLS-DELETE-005', 'NRLS-AUTHZ-014', 'NRLS-HDR-009'],
    "another provider's pointer may be deleted",
    rule('delete', () => ({ owned: () => true })),
  ),
  'delete-answers-204': fault(
    'delete',
    ['NRLS-DELETE-006', 'NRLS-DELETE-007'],
    'a delete answers 204 with no body',
    replyFor(['RESOURCE_DELETED'], ({ resource: _resource, ...reply }) => ({ ...reply, status: 204, headers: {} })),
  ),
  'delete-unknown-id-ok': fault(
    'delete',
    ['NRLS-DELETE-008', 'NRLS-DELETE-009', 'NRLS-DELETE-010'],
    'deleting an id that matches nothing answers 200',
    rule('delete', () => ({ notFound: () => undefined })),
  ),
  'delete-by-identifier-refused': fault(
    'delete',
    ['NRLS-DELETE-003', 'NRLS-DELETE-009', 'NRLS-DELETE-012', 'NRLS-NHS-004'],
    'delete by subject and identifier is not supported',
    rule('query', () => ({ deletesByIdentifier: () => false })),
  ),
  'delete-identifier-system-optional': fault(
    'delete',
    ['NRLS-DELETE-004'],
    'a delete identifier without a system matches on the value',
    combine(
      rule('query', () => ({
        identifierToken(text) {
          const parts = splitToken(text) ?? { system: '', value: text };
          return parts.value === '' ? undefined : parts;
        },
      })),
      rule('delete', (base) => ({
        find: (store, query) =>
          query.by === 'masterIdentifier' && query.system === ''
            ? store.findForPatient(query.nhsNumber).find((pointer) => pointer.masterIdentifier?.value === query.value)
            : base.find(store, query),
      })),
    ),
  ),
};
