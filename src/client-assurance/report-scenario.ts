// One recorded request as a scenario of the client assurance report: its name says what was sent and
// answered, its one step carries the exchange as evidence and the rules' verdicts as the step's checks.
// A failed verdict fails the scenario; a warning is an advisory check (allowed, not the preferred form:
// reported, never counted against the verdict, as the suite's advisory checks are).
import { judgedCheck } from '../report/build.ts';
import type { CheckRecord } from '../report/check.ts';
import type { Exchange } from '../report/exchange.ts';
import type { Finding, ScenarioResult, ScenarioStatus } from '../report/model.ts';
import { redactExchange } from '../report/redact.ts';
import type { RecordedExchange, RuleVerdict } from './recorded-exchange.ts';
import type { ClientRule } from './rules.ts';
import { interactionOf as requestInteraction } from './rules/request-view.ts';

export type RequestInteraction = 'search' | 'create' | 'supersede' | 'delete' | 'other';

/** What the client asked for, as the rules that judged it read the request; 'other' for no 1.2.x interaction. */
export const interactionOf = (exchange: Pick<RecordedExchange, 'request'>): RequestInteraction =>
  requestInteraction(exchange.request) ?? 'other';

export const scenarioIdOf = (exchange: Pick<RecordedExchange, 'seq'>) => `exchange-${exchange.seq}`;

/** `10:14:03` from an ISO time (UTC, as recorded). */
const clockOf = (iso: string) => /T(\d{2}:\d{2}:\d{2})/.exec(iso)?.[1] ?? iso;

/** `POST /DocumentReference → 201 RESOURCE_CREATED (#12, 10:14:03)`. */
export function scenarioNameOf(exchange: RecordedExchange): string {
  const path = exchange.request.url.split('?')[0];
  const { response } = exchange;
  const answer = response.dropped
    ? 'connection dropped'
    : `${response.status}${response.spineCode ? ` ${response.spineCode}` : ''}`;
  return `${exchange.request.method} ${path} → ${answer} (#${exchange.seq}, ${clockOf(exchange.receivedAt)})`;
}

/** The recorded request and answer as the report's evidence: the token replaced by its claims. */
export function evidenceOf(exchange: RecordedExchange): Exchange {
  const headers: Record<string, string> = {};
  for (const [name, value] of exchange.request.headers)
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  const trigger = exchange.trigger
    ? `; answered by the simulator trigger ${exchange.trigger.id} (${exchange.trigger.outcome})`
    : '';
  const { response } = exchange;
  return redactExchange(
    {
      purpose: `request #${exchange.seq} from fromASID ${exchange.fromAsid || '(none)'}${trigger}`,
      startedAt: exchange.receivedAt,
      durationMs: Math.max(0, exchange.durationMs ?? 0),
      request: {
        method: exchange.request.method,
        url: exchange.request.url,
        headers,
        ...(exchange.request.body !== undefined ? { body: exchange.request.body } : {}),
      },
      ...(response.dropped
        ? { error: { kind: 'connection' as const, message: 'the mock closed the connection without answering' } }
        : {
            response: {
              status: response.status,
              headers: response.headers ?? {},
              body: response.body ?? '',
              ...(response.bodyTruncated ? { truncated: true } : {}),
            },
          }),
    },
    [],
  );
}

const AMB = /^AMB-\d{2}$/;

/** A verdict as a check record: named by the rule's title, about the rule's requirements. */
export function checkOf(verdict: RuleVerdict, rule: ClientRule | undefined, exchange: RecordedExchange): CheckRecord {
  const judged = `${exchange.request.method} ${exchange.request.url} → ${exchange.response.status}`;
  const outcome = verdict.outcome === 'warning' ? 'advisory' : verdict.outcome;
  return {
    name: rule?.title ?? verdict.rule,
    about: verdict.requirements,
    ...(rule?.amb && AMB.test(rule.amb) ? { amb: rule.amb } : {}),
    stage: 'scenario',
    outcome,
    ...(outcome === 'passed' ? {} : { kind: 'conformance' as const, expected: rule?.title ?? verdict.rule }),
    actual: verdict.detail,
    exchange: judged,
  };
}

/**
 * The scenario of one exchange. `defectOf` names the defect group of a failed or warned rule (D1, D2 …).
 * A request no rule applies to is skipped: nothing about it was judged.
 */
export function scenarioOf(
  exchange: RecordedExchange,
  verdicts: RuleVerdict[],
  rules: ReadonlyMap<string, ClientRule>,
  defectOf: (verdict: RuleVerdict) => string,
): ScenarioResult {
  const checks = verdicts.map((verdict) => judgedCheck(checkOf(verdict, rules.get(verdict.rule), exchange)));
  const findings: Finding[] = verdicts.flatMap((verdict, at) => {
    const check = checks[at]!;
    if (check.outcome === 'passed') return [];
    return [{ ...check, outcome: check.outcome, kind: 'conformance' as const, defect: defectOf(verdict) }];
  });
  const status: ScenarioStatus =
    checks.length === 0
      ? 'skipped'
      : findings.some((finding) => finding.outcome === 'failed')
        ? 'failed'
        : findings.length > 0
          ? 'advisory'
          : 'passed';
  const interaction = interactionOf(exchange);
  const requirementIds = [...new Set(verdicts.flatMap((verdict) => verdict.requirements))];
  const ambiguityIds = [...new Set(checks.map((check) => check.amb).filter((amb): amb is string => !!amb))];
  const durationMs = Math.max(0, exchange.durationMs ?? 0);
  return {
    id: scenarioIdOf(exchange),
    name: scenarioNameOf(exchange),
    feature: `client: ${interaction}`,
    uri: 'exchanges.ndjson',
    line: 0,
    area: interaction,
    tags: [],
    requirementIds,
    ambiguityIds,
    status,
    findings,
    durationMs,
    steps: [
      {
        keyword: 'When',
        text:
          `the client system ${exchange.fromAsid || '(no fromASID)'} sends a ${interaction} request` +
          (checks.length === 0 ? ' (no client rule applies to it)' : ''),
        status: status === 'failed' ? 'failed' : status === 'skipped' ? 'skipped' : 'passed',
        durationMs,
        checks,
        exchanges: [evidenceOf(exchange)],
      },
    ],
  };
}
