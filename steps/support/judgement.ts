// A judgement: the checks one step makes, each a facet of an expectation with the requirements it is
// about and its basis. Facets are judged in order; a gate facet that fails leaves the facets after it
// unjudged (a body that is not an OperationOutcome has no Spine code to compare). At the end the records
// are attached to the step as data (CHECK_MEDIA_TYPE) and the step fails if any binding facet failed. A
// facet that failed only as a recommendation (--spec-only) is advisory: it never fails the step; if it
// was a gate, the rest of the scenario is not judged (the step ends as skipped).
import { binds } from '../../src/domain/requirements/basis.ts';
import type { CheckAttachment, CheckRecord, CheckStage, FailureKind } from '../../src/report/check.ts';

export interface Facet {
  /** What is checked, in a few words: "refused", "Spine code", "Location form". */
  name: string;
  /** The requirement ids the facet proves; never empty. */
  about: readonly string[];
  /** The AMB choice the facet rests on, where the expectation is ours rather than the spec's. */
  amb?: string;
  /** When it fails, the facets after it cannot be judged. */
  gate?: boolean;
  /** The kind of failure when it does not hold (default: conformance). */
  kind?: FailureKind;
}

/** Thrown inside a judgement when a gate facet fails: nothing after it can be judged. */
class GateClosed extends Error {}

/** Thrown out of a step whose judgement found a binding failure: Cucumber marks the step failed. */
export class CheckFailure extends Error {
  override name = 'CheckFailure';
  constructor(
    message: string,
    readonly records: readonly CheckRecord[],
  ) {
    super(message);
  }
}

export interface JudgementContext {
  stage: CheckStage;
  specOnly: boolean;
  /** Redacts a text the way the target profile's secrets require. */
  redact: (text: string) => string;
  /** Attaches the records to the current step. */
  attach: (attachment: CheckAttachment) => void;
}

const LINE_LIMIT = 1000;
const cut = (text: string) =>
  text.length <= LINE_LIMIT ? text : `${text.slice(0, LINE_LIMIT)}… (${text.length - LINE_LIMIT} more characters cut)`;

export class Judgement {
  readonly records: CheckRecord[] = [];
  private advisoryGate = false;
  /** The exchange the facets are about, as "METHOD url → status"; set by whoever reads a response. */
  exchange?: string;

  constructor(private readonly context: JudgementContext) {}

  /**
   * Judges one facet. Returns whether it held; a failed gate facet throws, ending the judgement, so
   * code after it may rely on it.
   */
  that(facet: Facet, holds: boolean, expected: string, actual: string | (() => string)): boolean {
    if (facet.about.length === 0) throw new Error(`scenario error: the check "${facet.name}" is about no requirement`);
    const record: CheckRecord = {
      name: facet.name,
      about: [...facet.about],
      ...(facet.amb ? { amb: facet.amb } : {}),
      stage: this.context.stage,
      outcome: 'passed',
      ...(this.exchange ? { exchange: this.context.redact(this.exchange) } : {}),
    };
    if (!holds) {
      // Nothing to judge (no answer, or the suite's own fault) stops the scenario in any mode.
      const binding =
        facet.kind === 'unreachable' ||
        facet.kind === 'harness' ||
        facet.about.some((id) => binds(id, facet.amb, this.context.specOnly));
      Object.assign(record, {
        outcome: binding ? 'failed' : 'advisory',
        kind: facet.kind ?? 'conformance',
        expected: cut(this.context.redact(expected)),
        actual: cut(this.context.redact(typeof actual === 'function' ? actual() : actual)),
      });
    }
    this.records.push(record);
    if (!holds && facet.gate) {
      if (record.outcome === 'advisory') this.advisoryGate = true;
      throw new GateClosed(facet.name);
    }
    return holds;
  }

  /** A facet that must hold for anything after it to be judged. */
  require(facet: Omit<Facet, 'gate'>, holds: boolean, expected: string, actual: string | (() => string)): void {
    this.that({ ...facet, gate: true }, holds, expected, actual);
  }

  get failures(): CheckRecord[] {
    return this.records.filter((record) => record.outcome === 'failed');
  }

  /**
   * Runs `judge` and ends the judgement: attaches its records, then throws a CheckFailure if a binding
   * facet failed, or answers 'skipped' if only an advisory gate did (the rest of the scenario rests on it).
   */
  static async run(
    context: JudgementContext,
    judge: (judgement: Judgement) => unknown,
  ): Promise<'skipped' | undefined> {
    const judgement = new Judgement(context);
    try {
      await judge(judgement);
    } catch (error) {
      if (!(error instanceof GateClosed)) {
        judgement.attachRecords();
        throw error;
      }
    }
    judgement.attachRecords();
    const failures = judgement.failures;
    if (failures.length > 0) throw new CheckFailure(failureMessage(failures), failures);
    return judgement.advisoryGate ? 'skipped' : undefined;
  }

  private attachRecords(): void {
    if (this.records.length > 0)
      this.context.attach({ checks: this.records, ...(this.advisoryGate ? { stoppedAtAdvisory: true } : {}) });
  }
}

/** For people reading Cucumber's own reports; the assurance report reads the records. */
function failureMessage(failures: readonly CheckRecord[]): string {
  return failures
    .map(
      (failure) =>
        `${failure.about.join(', ')}: ${failure.name}${failure.amb ? ` (${failure.amb})` : ''}\n  ` +
        `expected ${failure.expected}\n  actual ${failure.actual}` +
        `${failure.exchange ? `\n  exchange: ${failure.exchange}` : ''}`,
    )
    .join('\n');
}
