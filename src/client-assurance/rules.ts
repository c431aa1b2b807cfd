// The client rules of NRLS 1.2.x: what a Provider or Consumer system's request must be, each rule tied to
// its catalogue requirements and to the TKW validator checks that cover the same ground (the coverage
// anchor; where TKW and 1.2.x differ a rule follows 1.2.x and says so). Each rule judges one request:
// the mock judges as it records, and `nrls-conformance judge` re-judges a recording.
import type { ClientDirectory, ClientRole, RecordedExchange, RuleVerdict } from './recorded-exchange.ts';
import { ANSWER_RULES } from './rules/answer.ts';
import { BODY_RULES } from './rules/body.ts';
import { REFERENCE_RULES } from './rules/body-references.ts';
import { HEADER_RULES } from './rules/headers.ts';
import { JWT_CLAIM_RULES } from './rules/jwt-claims.ts';
import { JWT_TOKEN_RULES } from './rules/jwt-token.ts';
import { PARAMETER_RULES } from './rules/parameters.ts';
import { RequestView } from './rules/request-view.ts';
import { ROLE_RULES } from './rules/role.ts';
import type { ClientInteraction, ClientRule, JudgingRule } from './rules/rule.ts';
import { SUPERSEDE_RULES } from './rules/supersede.ts';

export type { ClientInteraction, ClientRule } from './rules/rule.ts';
export { interactionOf } from './rules/request-view.ts';

/** In the order a reviewer reads them: what was asked, headers, token, claims, parameters, body, answer. */
const JUDGING_RULES: readonly JudgingRule[] = [
  ...ROLE_RULES,
  ...HEADER_RULES,
  ...JWT_TOKEN_RULES,
  ...JWT_CLAIM_RULES,
  ...PARAMETER_RULES,
  ...BODY_RULES,
  ...REFERENCE_RULES,
  ...SUPERSEDE_RULES,
  ...ANSWER_RULES,
];

export const CLIENT_RULES: readonly ClientRule[] = JUDGING_RULES.map(({ judge: _judge, ...rule }) => rule);

/**
 * The interactions every system of the role performs (NRLS-AUTHZ-006): a Provider maintains pointers
 * (create, supersede, delete); a Consumer searches. A Provider may also search, but need not.
 */
export const ROLE_INTERACTIONS: Record<ClientRole, readonly ClientInteraction[]> = {
  provider: ['create', 'supersede', 'delete'],
  consumer: ['search'],
};

/**
 * The rules every system of the role must be seen to keep: those about the role's own interactions (or
 * every request), leaving out the ones about optional features it may never use (`optional`).
 */
export function coreRulesFor(role: ClientRole): ClientRule[] {
  const interactions = ROLE_INTERACTIONS[role];
  return clientRulesFor(role).filter(
    (rule) =>
      !rule.optional &&
      rule.interactions.some((interaction) => interaction === 'any' || interactions.includes(interaction)),
  );
}

/** The rules that can apply to a system in the role. */
export function clientRulesFor(role: ClientRole): ClientRule[] {
  return CLIENT_RULES.filter((rule) => rule.roles.includes(role));
}

export type JudgedRequest = Pick<RecordedExchange, 'request' | 'response' | 'receivedAt' | 'trigger'>;

/**
 * The role the rules judge the sender in: the directory's (NRLS-AUTHZ-009); for an unknown ASID, a
 * provider when it writes, and none when it searches (then only the rules for every role apply).
 */
function judgedRole(view: RequestView): ClientRole | undefined {
  if (view.role) return view.role;
  return view.interaction && view.interaction !== 'search' ? 'provider' : undefined;
}

function applies(rule: JudgingRule, view: RequestView, role: ClientRole | undefined): boolean {
  const interactionFits =
    rule.interactions.includes('any') ||
    (view.interaction !== undefined && rule.interactions.includes(view.interaction));
  const roleFits = role ? rule.roles.includes(role) : rule.roles.length > 1;
  return interactionFits && roleFits;
}

/** Every applicable client rule's verdict on one request, in CLIENT_RULES order. */
export function judgeRequest(exchange: JudgedRequest, directory: ClientDirectory): RuleVerdict[] {
  const view = new RequestView(exchange.request, exchange.response, exchange.receivedAt, exchange.trigger, directory);
  const role = judgedRole(view);
  const verdicts: RuleVerdict[] = [];
  for (const rule of JUDGING_RULES) {
    if (!applies(rule, view, role)) continue;
    const finding = rule.judge(view);
    if (!finding) continue;
    verdicts.push({
      rule: rule.id,
      requirements: finding.requirements ?? rule.requirements,
      outcome: finding.outcome,
      detail: finding.detail,
    });
  }
  return withoutEchoedRefusal(verdicts);
}

/**
 * One defect, one failure: when a rule already names what is wrong with the request, the mock's refusal of
 * it is that defect's echo, not another one. `accepted-by-nrls` fails only a refusal no rule explains.
 */
function withoutEchoedRefusal(verdicts: RuleVerdict[]): RuleVerdict[] {
  const explained = verdicts.some((verdict) => verdict.outcome === 'failed' && verdict.rule !== 'accepted-by-nrls');
  if (!explained) return verdicts;
  return verdicts.filter((verdict) => !(verdict.rule === 'accepted-by-nrls' && verdict.outcome === 'failed'));
}
