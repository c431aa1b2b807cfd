// Faults of the OperationOutcome's shape (§1.7), at the HTTP boundary: they rewrite the outcome render.ts
// built (NRLS-OO-001..006).
import type { OutcomeKey } from '../errors/catalogue.ts';
import { editOutcome, issueCode, reply, replyFor } from './answer.ts';
import { fault } from './fault.ts';

export const OUTCOME_FAULTS = {
  'outcome-without-profile': fault(
    'operation-outcome',
    ['NRLS-OO-003', 'NRLS-ERR-013'],
    'error OperationOutcomes claim no profile',
    reply((rendered) =>
      editOutcome(rendered, (outcome) => {
        if (outcome.issue[0]!.severity === 'error') delete outcome.meta;
      }),
    ),
  ),
  'outcome-without-id': fault(
    'operation-outcome',
    ['NRLS-OO-004'],
    'OperationOutcomes have no id',
    reply((rendered) =>
      editOutcome(rendered, (outcome) => {
        delete outcome.id;
      }),
    ),
  ),
  'outcome-wrong-code-system': fault(
    'operation-outcome',
    ['NRLS-OO-002', 'NRLS-OO-006'],
    'Spine codes are in the ValueSet URL, not the CodeSystem',
    reply((rendered) =>
      editOutcome(rendered, (outcome) => {
        const coding = (outcome.issue[0]!.details as { coding?: { system: string }[] } | undefined)?.coding?.[0];
        if (coding) coding.system = coding.system.replace('/CodeSystem/', '/ValueSet/');
      }),
    ),
  ),
  'outcome-two-issues': fault(
    'operation-outcome',
    ['NRLS-OO-001'],
    'OperationOutcomes carry a second, informational issue',
    reply((rendered) =>
      editOutcome(rendered, (outcome) => {
        outcome.issue.push({ severity: 'information', code: 'informational', diagnostics: 'NRLS mock' });
      }),
    ),
  ),
  'invalid-resource-issue-structure': fault(
    'operation-outcome',
    ['NRLS-ERR-006'],
    'INVALID_RESOURCE carries issue code structure (a legacy row)',
    replyFor(['INVALID_RESOURCE'] satisfies OutcomeKey[], issueCode('structure')),
  ),
};
