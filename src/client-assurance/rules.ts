// PLACEHOLDER until the client rules land (issue 12): the signatures the mock, the judge and the
// inspector build against. Replaced by the rule table; nothing may ship with this file as it is.
import type { ClientDirectory, ClientRole, RecordedExchange, RuleVerdict } from './recorded-exchange.ts';

/** The interactions a client rule can be about ('any': every request). */
export type ClientInteraction = 'search' | 'create' | 'supersede' | 'delete' | 'any';

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
}

export const CLIENT_RULES: readonly ClientRule[] = [];

export type JudgedRequest = Pick<RecordedExchange, 'request' | 'response' | 'receivedAt' | 'trigger'>;

/** Every applicable client rule's verdict on one request, in CLIENT_RULES order. */
export function judgeRequest(_exchange: JudgedRequest, _directory: ClientDirectory): RuleVerdict[] {
  return [];
}
