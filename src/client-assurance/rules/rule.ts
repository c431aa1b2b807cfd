// The shape of a client rule (rules.ts re-exports the descriptor types) and of the judgement each one
// makes of a request: a rule that does not apply to the request gives no finding at all.
import type { ClientRole, RuleOutcome } from '../recorded-exchange.ts';
import type { RequestView } from './request-view.ts';

import type { ClientInteraction } from './interaction.ts';

export type { ClientInteraction } from './interaction.ts';

export interface ClientRule {
  /** Kebab-case id, e.g. `accept-header`, `jwt-scope-fits-interaction`. */
  id: string;
  /** What the rule asks of the client, in a sentence a reviewer reads in the matrix. */
  title: string;
  /** Catalogue requirement ids it checks. */
  requirements: string[];
  /** The catalogue level of the strongest requirement (MUST, SHALL, SHOULD, MAY, INHERITED, MOCK-REC). */
  level: string;
  /** TKW validator checks covering the same ground (V01…V51), [] when TKW has none. */
  tkw: string[];
  /** Where TKW (or the 2.x spec) differs and this rule follows the 1.2.x catalogue instead: what and why. */
  divergence?: string;
  /** The AMB choice the rule rests on, where it does. */
  amb?: string;
  interactions: ClientInteraction[];
  roles: ClientRole[];
  /**
   * The optional feature the rule is about (e.g. `_format`), when the catalogue lets a system do without it:
   * a system that never uses it leaves the rule unexercised, which is no gap in its assurance.
   */
  optional?: string;
}

/** What a rule found in one request; `requirements` narrows the rule's own list where the finding is about fewer. */
export interface Finding {
  outcome: RuleOutcome;
  detail: string;
  requirements?: string[];
}

export interface JudgingRule extends ClientRule {
  judge(request: RequestView): Finding | undefined;
}

export const passed = (detail: string): Finding => ({ outcome: 'passed', detail });
export const failed = (detail: string, requirements?: string[]): Finding => ({
  outcome: 'failed',
  detail,
  requirements,
});
export const warning = (detail: string): Finding => ({ outcome: 'warning', detail });

/** Both roles: most rules hold for whoever sends the request. */
export const ANY_ROLE: ClientRole[] = ['provider', 'consumer'];
/** The interactions that send a pointer in the body. */
export const WRITES_POINTER: ClientInteraction[] = ['create', 'supersede'];

/** A value as a detail line quotes it: JSON, cut to 80 characters. */
export function quote(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
