// Judging a system under test from what the mock received and what the system reported: pure functions
// from RecordedExchanges and the driver's ActionResult to CheckRecords (src/report/check.ts), so that the
// report and the progress lines decide from data, as for the server suite.
import type { ActionResult } from '../../../src/client-assurance/driver.ts';
import type { RecordedExchange, RuleVerdict } from '../../../src/client-assurance/recorded-exchange.ts';
import { CLIENT_RULES, interactionOf as requestInteraction } from '../../../src/client-assurance/rules.ts';
import { RECOMMENDATION } from '../../../src/domain/requirements/basis.ts';
import type { CheckRecord, CheckStage } from '../../../src/report/check.ts';

export type ClientAction = 'create' | 'supersede' | 'search' | 'delete';

/** The requirement that says how the interaction is sent (one request of that form). */
export const SENT_AS: Record<ClientAction, string[]> = {
  create: ['NRLS-CREATE-001'],
  supersede: ['NRLS-SUPERSEDE-002'],
  search: ['NRLS-SEARCH-001'],
  delete: ['NRLS-DELETE-002'],
};

/** The requirement naming the only answer that means success: anything else is not a success. */
export const SUCCESS_IS: Record<ClientAction, { about: string[]; answer: string }> = {
  create: { about: ['NRLS-CREATE-005'], answer: '201 (only a 201 means created)' },
  supersede: { about: ['NRLS-SUPERSEDE-009'], answer: '201 (only a 201 means superseded)' },
  search: { about: ['NRLS-SEARCH-013'], answer: '200 searchset (only that is a result)' },
  delete: { about: ['NRLS-DELETE-006'], answer: '200 (only a 200 means deleted)' },
};

/** The §2.6 error row of each Spine code (NO_RECORD_FOUND: the `_id` row, NRLS-ERR-011). */
export const SPINE_ERROR_ROW: Record<string, string> = {
  MISSING_OR_INVALID_HEADER: 'NRLS-ERR-001',
  INVALID_PARAMETER: 'NRLS-ERR-005',
  INVALID_RESOURCE: 'NRLS-ERR-006',
  DUPLICATE_REJECTED: 'NRLS-ERR-007',
  INVALID_REQUEST_MESSAGE: 'NRLS-ERR-008',
  ORGANISATION_NOT_FOUND: 'NRLS-ERR-009',
  INVALID_NHS_NUMBER: 'NRLS-ERR-010',
  NO_RECORD_FOUND: 'NRLS-ERR-011',
  INTERNAL_SERVER_ERROR: 'NRLS-ERR-014',
  ACCESS_DENIED: 'NRLS-ERR-015',
};

/** Which interaction a request is (§2.1–2.4), as the client rules read it; 'other' for none of them. */
export const interactionOf = (exchange: Pick<RecordedExchange, 'request'>): ClientAction | 'other' =>
  requestInteraction(exchange.request) ?? 'other';

export const describeExchange = (exchange: RecordedExchange) =>
  `${exchange.request.method} ${exchange.request.url} → ${
    exchange.response.dropped ? 'connection dropped' : exchange.response.status
  }${exchange.response.spineCode ? ` ${exchange.response.spineCode}` : ''}${
    exchange.trigger ? ` (trigger ${exchange.trigger.id})` : ''
  }`;

const check = (
  stage: CheckStage,
  name: string,
  about: string[],
  passed: boolean,
  expected: string,
  actual: string,
  extra: Partial<CheckRecord> = {},
): CheckRecord => ({
  name,
  about,
  stage,
  outcome: passed ? 'passed' : 'failed',
  ...(passed ? {} : { kind: 'conformance' as const }),
  expected,
  actual,
  ...extra,
});

/**
 * The system sent the action's request, and nothing else. `limit` 1: exactly one; more: the first plus
 * retries. The catalogue sets no retry rule; "at most 3" is the harness's expectation (no retry storm
 * against Spine after a refusal, a 500 or a timeout), so that check rests on a recommendation (MOCK-REC)
 * and is advisory under --spec-only.
 */
export function sentChecks(
  action: ClientAction,
  exchanges: RecordedExchange[],
  stage: CheckStage,
  limit: number,
  retryAbout: string[],
): CheckRecord[] {
  const others = exchanges.filter((exchange) => interactionOf(exchange) !== action);
  const own = exchanges.filter((exchange) => interactionOf(exchange) === action);
  const seen = exchanges.map(describeExchange).join('; ') || 'no request arrived';
  // A request the client rules fault (a path-style delete, say) is judged by its rule: one defect, one
  // failure. This check fails only for a request of another, valid form, or for none at all.
  const unexplained = others.filter((exchange) => !exchange.verdicts.some((verdict) => verdict.outcome === 'failed'));
  const explained = own.length === 0 && others.length > 0 && unexplained.length === 0;
  const checks = [
    check(
      stage,
      `sent the ${action} request, nothing else`,
      SENT_AS[action],
      explained || (own.length >= 1 && unexplained.length === 0),
      `a ${action} request and no other`,
      seen,
    ),
  ];
  if (limit === 1) {
    checks.push(check(stage, `one ${action} request`, SENT_AS[action], own.length <= 1, 'exactly one', seen));
  } else {
    checks.push(
      check(stage, 'no retry storm', retryAbout, own.length <= limit, `at most ${limit} requests`, seen, {
        amb: RECOMMENDATION,
      }),
    );
  }
  return checks;
}

/**
 * Each client rule's verdict, once per rule (the first failure wins, so a defect fails its own requirements
 * once however many retries repeated it). A warning is a passed check noting it: allowed, not preferred.
 */
export function verdictChecks(exchanges: RecordedExchange[], stage: CheckStage): CheckRecord[] {
  const byRule = new Map<string, { verdict: RuleVerdict; exchange: RecordedExchange }>();
  for (const exchange of exchanges) {
    for (const verdict of exchange.verdicts) {
      const known = byRule.get(verdict.rule);
      if (!known || (known.verdict.outcome !== 'failed' && verdict.outcome === 'failed'))
        byRule.set(verdict.rule, { verdict, exchange });
    }
  }
  return [...byRule.values()].map(({ verdict, exchange }) => {
    const title = CLIENT_RULES.find((rule) => rule.id === verdict.rule)?.title ?? verdict.rule;
    const warning = verdict.outcome === 'warning' ? ' (warning: allowed, not preferred)' : '';
    return check(
      stage,
      `client rule ${verdict.rule}${warning}`,
      verdict.requirements,
      verdict.outcome !== 'failed',
      title,
      verdict.detail,
      {
        exchange: describeExchange(exchange),
      },
    );
  });
}

const answered2xx = (exchange: RecordedExchange | undefined) =>
  !!exchange && !exchange.response.dropped && exchange.response.status >= 200 && exchange.response.status < 300;

/**
 * What the system's report must say about the answer (where it reports: a command; a person's action
 * reports nothing). `as-answered`: success after a 2xx, a failure after a refusal (whose cause the client
 * rules judge: one defect, one failed requirement); `failure`: a failure (the mock refused, failed or went
 * silent); `no-false-success`: success only after a 2xx (a slow answer may still come in the system's time).
 * One check each, so one mishandling fails one requirement once.
 */
export type Expected = 'as-answered' | 'failure' | 'no-false-success';

export function handlingChecks(
  action: ClientAction,
  result: ActionResult,
  exchanges: RecordedExchange[],
  expected: Expected,
): CheckRecord[] {
  if (result.mode !== 'command') return [];
  const own = exchanges.filter((exchange) => interactionOf(exchange) === action);
  const last = own.at(-1);
  const rule = SUCCESS_IS[action];
  const said = `${result.reportedSuccess ? 'reported success' : 'reported a failure'} (exit ${result.exitCode}${
    result.reported ? `, ${JSON.stringify(result.reported)}` : ''
  }) after ${last ? describeExchange(last) : 'no answer'}`;
  const success = answered2xx(last);
  const [name, passed, wanted] =
    expected === 'failure'
      ? ['failure reported', !result.reportedSuccess, 'a failure reported']
      : expected === 'no-false-success'
        ? [
            'success claimed only after a success answer',
            !result.reportedSuccess || success,
            `success reported only after a ${rule.answer}`,
          ]
        : success
          ? ['success reported', result.reportedSuccess, 'success reported after the success answer']
          : ['the refusal reported as a failure', !result.reportedSuccess, 'a failure reported after the refusal'];
  return [check('scenario', name, rule.about, passed, wanted, said)];
}

/** The Bundle's total in a search answer (JSON or XML); undefined when the body has none. */
export function bundleTotal(body: string | undefined): number | undefined {
  const found = /"total"\s*:\s*(\d+)/.exec(body ?? '') ?? /<total\s+value="(\d+)"/.exec(body ?? '');
  return found ? Number(found[1]) : undefined;
}
