// The assurance report's model: what a reviewer is told about one run. `assurance.json` is this model
// (schema: assurance.schema.json); the HTML renders it. Secrets never reach it: exchanges arrive
// redacted, texts are redacted when built, and only the names of secrets are listed.
import type { ClientRole } from '../client-assurance/recorded-exchange.ts';
import type { BasisKind } from '../domain/requirements/basis.ts';
import type { CheckRecord, FailureKind } from './check.ts';
import type { Exchange } from './exchange.ts';

/**
 * passed; failed (a check about the scenario's own rules found the target breaking one); blocked (a step
 * preparing the scenario failed, for another requirement's reason, so its own could not be judged);
 * broken (nothing to judge: no response, or a harness or configuration problem); advisory (passed on the
 * spec, but differs from a recommendation: --spec-only); skipped (Cucumber ran none of its steps).
 */
export type ScenarioStatus = 'passed' | 'failed' | 'blocked' | 'broken' | 'advisory' | 'skipped';

/** As for scenarios, plus: not run (its scenarios were not selected) and not testable (with the reason). */
export type RequirementStatus = 'passed' | 'failed' | 'blocked' | 'broken' | 'advisory' | 'not run' | 'not testable';

/** partial: everything selected passed, but the run did not select everything (a tag filter). */
export type Verdict = 'conformant' | 'not conformant' | 'incomplete' | 'partial';

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
  /** The Cucumber tag expression that ran, '' for the whole suite. */
  tagFilter: string;
  /** The tags the user selected ('' for none): a run with a selection is partial. */
  userTags: string;
  /** AMB choices and mock recommendations were advisory (run --spec-only). */
  specOnly: boolean;
  parallel: number;
  /**
   * Set only for a client assurance run (`nrls-conformance judge`): the requests client systems sent to the
   * mock were judged, not a server. `target` is then the mock that recorded them.
   */
  client?: ClientJudged;
}

/** Whose requests a client assurance run judged: from a recording (judge) or driven (assure-client). */
export interface ClientJudged {
  /** The role whose rules were applied; absent when no role was given or inferred (every rule applied). */
  role?: ClientRole;
  /** The fromASID values of the judged requests ('' for a request without one). */
  asids: string[];
  /** The recording's folder, as given to the judge. */
  recording?: string;
  /** The harness that recorded it (`name version`). */
  recordedBy?: string;
  /** The driver file that made the system act (assure-client). */
  driver?: string;
}

/** A failed or advisory check, as the report shows it: the check's own record, with its basis resolved. */
export interface Finding extends JudgedCheck {
  outcome: 'failed' | 'advisory';
  kind: FailureKind;
  basis: BasisKind;
  /** The defect group it belongs to (DefectGroup.id). */
  defect: string;
}

/** A check as the report keeps it: the suite's record with its basis resolved from the catalogue. */
export type JudgedCheck = CheckRecord & { basis: BasisKind };

export interface StepResult {
  keyword: string;
  text: string;
  status: 'passed' | 'failed' | 'broken' | 'skipped' | 'undefined';
  durationMs: number;
  /** What the step's checks decided, in order. */
  checks: JudgedCheck[];
  /** An error that no check recorded (a harness or scenario fault), as Cucumber reported it. */
  error?: { message: string };
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
  /** Failed and advisory checks, in order. */
  findings: Finding[];
  /** For a blocked scenario: the defect of the setup step that blocked it. */
  blockedBy?: string;
  /** Pointers it created that its cleanup could not delete: they stay on the target. */
  leftOnTarget?: { id: string; owner: string; reason: string }[];
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
  /** Why it is not testable, why nothing ran, or what blocked it. */
  reason?: string;
  /** The defects (DefectGroup.id) that failed it, advised on it or blocked it. */
  defects: string[];
  /** The scenarios tagged with it. */
  scenarioIds: string[];
  /** How many checks about it passed, anywhere in the run. */
  checksPassed: number;
}

export interface AmbiguityRow {
  id: string;
  topic: string;
  recommendation: string;
  status: RequirementStatus;
  scenarioIds: string[];
}

/** One failing check, however many scenarios it failed or blocked: one defect, one entry. */
export interface DefectGroup {
  id: string;
  about: string[];
  name: string;
  amb?: string;
  basis: BasisKind;
  outcome: 'failed' | 'advisory';
  kind: FailureKind;
  expected: string;
  /** The first actual value seen. */
  actual: string;
  stage: 'setup' | 'scenario';
  /** Scenarios whose own check this was. */
  failedScenarios: string[];
  /** Scenarios whose setup this stopped. */
  blockedScenarios: string[];
}

export interface Tally {
  passed: number;
  failed: number;
  blocked: number;
  broken: number;
  advisory: number;
  skipped: number;
}

export interface AssuranceRun {
  schemaVersion: 2;
  run: RunIdentity;
  verdict: Verdict;
  verdictReason: string;
  /** Testable requirements judged (passed, failed or advisory) and all testable requirements. */
  judged: { requirements: number; testable: number };
  scenarioTotals: Tally;
  requirementTotals: Record<RequirementStatus, number>;
  areas: (Tally & { area: string })[];
  defects: DefectGroup[];
  requirements: RequirementRow[];
  ambiguities: AmbiguityRow[];
  scenarios: ScenarioResult[];
  /** What the scenarios' cleanups did: pointers deleted, and those left on the target (never judged). */
  cleanup: { deleted: number; left: { scenario: string; id: string; owner: string; reason: string }[] };
  /** Scenarios of the suite that this run did not select, as uri:line with their names. */
  notRun: { id: string; name: string; reason: string }[];
  /** Names of the secrets that were redacted (never their values). */
  redactedSecrets: string[];
}
