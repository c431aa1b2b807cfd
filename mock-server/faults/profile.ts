// Faults of the profile (§3.1, §3.4) and the body, against POINTER_RULES (pipeline/validate-pointer.ts),
// QUERY_RULES for the NHS number of a search or delete, and PARSE_BODY_RULES. A profile fault relaxes
// the schema at the element whose rule it leaves out.
import { diagnostics } from '../errors/diagnostics.ts';
import type { ProfileSchema } from '../validation/profile-schema.ts';
import { combine, fault, rule } from './fault.ts';

type SchemaNode = { type?: string; items?: SchemaNode | SchemaNode[]; properties?: Record<string, unknown> };

/** A copy of the schema with the node of each element (a dotted path, through an array's items) edited. */
function relax(
  schema: ProfileSchema,
  paths: string[],
  edit: (node: Record<string, unknown>) => unknown,
): ProfileSchema {
  const copy = structuredClone(schema) as SchemaNode;
  for (const path of paths) {
    const names = path.split('.');
    let parent = copy;
    for (const name of names.slice(0, -1)) {
      let node = parent.properties![name] as SchemaNode;
      if (node.type === 'array') node = Array.isArray(node.items) ? node.items[0]! : node.items!;
      parent = node;
    }
    const last = names.at(-1)!;
    parent.properties![last] = edit(parent.properties![last] as Record<string, unknown>);
  }
  return copy as ProfileSchema;
}

/** A variant of the profile schema. */
const profile = (paths: string[], edit: (node: Record<string, unknown>) => unknown) =>
  rule('pointer', (base) => ({ schema: (recordTypes) => relax(base.schema(recordTypes), paths, edit) }));

const TEN_DIGITS = (candidate: string) => /^[0-9]{10}$/.test(candidate);

export const PROFILE_FAULTS = {
  'nhs-check-digit-unchecked': fault(
    'create',
    [
      'NRLS-NHS-002',
      'NRLS-CREATE-017',
      'NRLS-PROF-013',
      'NRLS-SEARCH-021',
      'NRLS-NHS-001',
      'NRLS-NHS-004',
      'NRLS-DELETE-012',
    ],
    'the NHS number check digit is not checked',
    combine(
      rule('pointer', () => ({ acceptsNhsNumber: TEN_DIGITS })),
      rule('query', () => ({ acceptsNhsNumber: TEN_DIGITS })),
    ),
  ),
  'non-current-status-accepted': fault(
    'create',
    ['NRLS-CREATE-011', 'NRLS-PROF-007', 'NRLS-LIFE-005'],
    'a new pointer may be superseded or entered-in-error',
    rule('pointer', () => ({ newPointerStatusAccepted: () => true })),
  ),
  'record-type-unchecked': fault(
    'create',
    ['NRLS-PROF-008'],
    'any type coding is accepted',
    profile(['type.coding.system', 'type.coding.code'], () => ({})),
  ),
  'indexed-unchecked': fault(
    'create',
    ['NRLS-PROF-009'],
    'indexed need not be a FHIR instant',
    profile(['indexed'], () => ({ type: 'string' })),
  ),
  'creation-date-unchecked': fault(
    'create',
    ['NRLS-PROF-010'],
    'attachment creation need not be a FHIR dateTime',
    profile(['content.attachment.creation'], () => ({ type: 'string' })),
  ),
  'prohibited-elements-accepted': fault(
    'create',
    ['NRLS-PROF-004'],
    'subject, author and custodian may carry identifier and display; coding may carry version',
    profile(
      ['subject', 'author', 'custodian']
        .flatMap((element) => [`${element}.identifier`, `${element}.display`])
        .concat('type.coding.version'),
      () => ({}),
    ),
  ),
  'master-identifier-value-optional': fault(
    'create',
    ['NRLS-CREATE-012', 'NRLS-PROF-002', 'NRLS-PROF-003'],
    'a masterIdentifier needs no value',
    profile(['masterIdentifier'], (node) => ({ ...node, required: ['system'] })),
  ),
  'subject-url-as-invalid-resource': fault(
    'create',
    ['NRLS-PROF-012', 'NRLS-CREATE-016', 'NRLS-CREATE-017'],
    'a wrong subject URL is INVALID_RESOURCE (as the RI does), not INVALID_PARAMETER',
    rule('pointer', (base) => ({
      violationErrors: {
        ...base.violationErrors,
        patientUrl: { key: 'INVALID_RESOURCE' as const, text: (_value, path) => diagnostics.elementInvalid(path) },
      },
    })),
  ),
  'unknown-elements-kept': fault(
    'create',
    ['NRLS-GEN-001'],
    'a JSON element STU3 does not define is stored and returned, so search answers are not STU3',
    rule('parseBody', () => ({ refusesStu3Problem: (problem) => problem.problem !== 'unknown-element' })),
  ),
  'relates-to-code-unchecked': fault(
    'create',
    ['NRLS-PROF-011', 'NRLS-SUPERSEDE-011'],
    'any relatesTo code is accepted',
    profile(['relatesTo.code'], () => ({ type: 'string' })),
  ),
};
