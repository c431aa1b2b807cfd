// What a client assurance run says. Conformant only when every requirement of the role's rules was
// exercised by some recorded request and none failed; a failure makes it not conformant; anything the
// recording never exercised makes it incomplete (never partial, which `run` exits 0 for), naming the
// interactions that were never seen. Warnings are advisory: reported, never counted against the verdict.
import type { AssuranceRun } from '../report/model.ts';
import type { ClientRole } from './recorded-exchange.ts';
import type { RequestInteraction } from './report-scenario.ts';
import type { ClientRule } from './rules.ts';

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
const ORDER = ['search', 'create', 'supersede', 'delete'] as const;

export interface VerdictFacts {
  /** The rules that apply to the role judged. */
  rules: readonly ClientRule[];
  /** The ids of the rules that gave at least one verdict. */
  exercised: ReadonlySet<string>;
  /** The interactions of the judged requests. */
  seen: ReadonlySet<RequestInteraction>;
  role?: ClientRole;
  asid?: string;
}

/** Whose requests were judged, for the sentence: "the provider systems", "ASID 200000000118". */
function whose(facts: VerdictFacts): string {
  if (facts.asid !== undefined) return `ASID ${facts.asid}${facts.role ? ` (${facts.role})` : ''}`;
  return facts.role ? `the ${facts.role} systems` : 'the client systems';
}

/** "never seen: no create or delete request; rules never exercised: a, b". */
function neverExercised(facts: VerdictFacts): string {
  const expected = new Set(facts.rules.flatMap((rule) => rule.interactions));
  const missing = ORDER.filter((interaction) => expected.has(interaction) && !facts.seen.has(interaction));
  const idle = facts.rules.filter((rule) => !facts.exercised.has(rule.id)).map((rule) => rule.id);
  const parts = [
    missing.length > 0 ? `no ${missing.join(' or ')} request was seen` : '',
    idle.length > 0 ? `${count(idle.length, 'rule')} never exercised (${idle.join(', ')})` : '',
  ].filter(Boolean);
  return parts.join('; ');
}

export function clientVerdict(
  run: Omit<AssuranceRun, 'verdict' | 'verdictReason'>,
  facts: VerdictFacts,
): Pick<AssuranceRun, 'verdict' | 'verdictReason'> {
  const { requirementTotals: r, scenarioTotals: s } = run;
  const requests = run.scenarios.length;
  const total = run.requirements.length;
  const roleWords = facts.role ? `the ${facts.role} rules` : 'the client rules';
  if (facts.rules.length === 0)
    return { verdict: 'incomplete', verdictReason: `no client rule applies to ${whose(facts)}: nothing was judged` };
  if (requests === 0)
    return { verdict: 'incomplete', verdictReason: `the recording holds no request from ${whose(facts)} to judge` };
  const missing = neverExercised(facts);
  if (r.failed > 0) {
    const defects = run.defects.filter((defect) => defect.outcome === 'failed').length;
    return {
      verdict: 'not conformant',
      verdictReason:
        `${count(r.failed, 'requirement')} of ${total} failed, from ${count(defects, 'defect')}; ` +
        `${s.failed} of ${count(requests, 'request')} from ${whose(facts)} broke a rule` +
        (r['not run'] > 0 ? `; ${r['not run']} not exercised: ${missing}` : ''),
    };
  }
  const advice =
    r.advisory > 0 ? `; ${count(r.advisory, 'requirement')} only in a form allowed but not preferred (advisory)` : '';
  if (r['not run'] > 0)
    return {
      verdict: 'incomplete',
      verdictReason:
        `${r['not run']} of ${total} requirements of ${roleWords} were never exercised by the ` +
        `${count(requests, 'request')} from ${whose(facts)}: ${missing}${advice}`,
    };
  return {
    verdict: 'conformant',
    verdictReason:
      `all ${total} requirements of ${roleWords} were exercised and passed over ` +
      `${count(requests, 'request')} from ${whose(facts)}${advice}`,
  };
}
