// What a check decided, as data: the suite attaches these to the step that judged (media type
// CHECK_MEDIA_TYPE) and the report builds every status from them. Nothing downstream reads a failure
// message or an exception's class to decide what happened (STYLE §6).

export const CHECK_MEDIA_TYPE = 'application/vnd.nrls.checks+json';

/**
 * setup: a step preparing the scenario relied on this (a failure fails these requirements and blocks the
 * scenario's own). scenario: the scenario's own act and its outcome.
 */
export type CheckStage = 'setup' | 'scenario';

/** passed; failed (counts against the target); advisory (failed, but only a recommendation: --spec-only). */
export type CheckOutcome = 'passed' | 'failed' | 'advisory';

/**
 * conformance: the target's answer broke the rule. timeout: the target did not answer in time (its fault).
 * unreachable: no answer to judge (refused, reset, TLS). harness: the suite or its configuration failed.
 */
export type FailureKind = 'conformance' | 'timeout' | 'unreachable' | 'harness';

export interface CheckRecord {
  /** What was checked, in a few words: "refused", "Spine code", "Location form". */
  name: string;
  /** The requirement ids this check proves (or, failing, breaks). */
  about: string[];
  /** The AMB choice the check rests on, where the expectation is ours rather than the spec's. */
  amb?: string;
  stage: CheckStage;
  outcome: CheckOutcome;
  /** For a failure: what kind. */
  kind?: FailureKind;
  expected?: string;
  actual?: string;
  /** The exchange judged, as "METHOD url → status" (redacted). */
  exchange?: string;
}

/** One attachment: the checks one judgement made, in order. */
export interface CheckAttachment {
  checks: CheckRecord[];
  /** A gate failed only as advisory: the rest of the scenario was not judged. */
  stoppedAtAdvisory?: boolean;
}

/** What the cleanup after a scenario did (media type CLEANUP_MEDIA_TYPE): never judged, always reported. */
export const CLEANUP_MEDIA_TYPE = 'application/vnd.nrls.cleanup+json';

export interface CleanupRecord {
  /** Pointers the scenario created that the cleanup deleted, or found already gone. */
  deleted: string[];
  /** Pointers it could not delete, with why: they stay on the target. */
  left: { id: string; owner: string; reason: string }[];
}
