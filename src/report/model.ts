// The assurance report's model: what a reviewer is told about one run. `assurance.json` is this model
// (schema: assurance.schema.json); the HTML renders it. Secrets never reach it: exchanges arrive
// redacted, texts are redacted when built, and only the names of secrets are listed.
import type { Exchange } from './exchange.ts';

/** failed: the target broke a rule. broken: the scenario could not be judged (harness, configuration, no response). */
export type ScenarioStatus = 'passed' | 'failed' | 'broken' | 'skipped';
export type RequirementStatus = 'passed' | 'failed' | 'broken' | 'not run' | 'not testable';
export type Verdict = 'conformant' | 'not conformant' | 'incomplete';

export interface RunIdentity {
  id: string;
  harness: { name: string; version: string; commit: string };
  spec: { name: string; catalogue: string };
  target: { name: string; baseUrl: string; embeddedMock: boolean };
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  node: string;
  platform: string;
  /** The Cucumber tag expression, '' for the whole suite. */
  tagFilter: string;
  parallel: number;
}

export interface StepResult {
  keyword: string;
  text: string;
  status: 'passed' | 'failed' | 'broken' | 'skipped' | 'undefined';
  durationMs: number;
  /** The failure, as text; `expected`/`actual` when the check said so. */
  error?: { type: string; message: string; expected?: string; actual?: string };
  exchanges: Exchange[];
}

export interface ScenarioResult {
  id: string;
  name: string;
  feature: string;
  uri: string;
  line: number;
  area: string;
  tags: string[];
  requirementIds: string[];
  ambiguityIds: string[];
  status: ScenarioStatus;
  durationMs: number;
  steps: StepResult[];
}

export interface RequirementRow {
  id: string;
  level: string;
  summary: string;
  area: string;
  section: string;
  ambiguityIds: string[];
  status: RequirementStatus;
  /** Why it is not testable, or why nothing ran. */
  reason?: string;
  scenarioIds: string[];
}

export interface AmbiguityRow {
  id: string;
  topic: string;
  recommendation: string;
  status: RequirementStatus;
  scenarioIds: string[];
}

export interface Tally {
  passed: number;
  failed: number;
  broken: number;
  skipped: number;
}

export interface AssuranceRun {
  schemaVersion: 1;
  run: RunIdentity;
  verdict: Verdict;
  verdictReason: string;
  scenarioTotals: Tally;
  requirementTotals: Record<RequirementStatus, number>;
  areas: (Tally & { area: string })[];
  requirements: RequirementRow[];
  ambiguities: AmbiguityRow[];
  scenarios: ScenarioResult[];
  /** Names of the secrets that were redacted (never their values). */
  redactedSecrets: string[];
}
