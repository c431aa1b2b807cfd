// Cucumber message envelopes → AssuranceRun. Pure: the run identity, catalogue and secrets are passed
// in; nothing here reads a clock, a file or the environment. Every status comes from the checks the
// suite attached as data (check.ts); a step that failed without a failed check is a harness fault.
import type * as messages from '@cucumber/messages';
import { basisOf } from '../domain/requirements/basis.ts';
import {
  CHECK_MEDIA_TYPE,
  CLEANUP_MEDIA_TYPE,
  type CheckAttachment,
  type CheckRecord,
  type CleanupRecord,
} from './check.ts';
import { EXCHANGE_MEDIA_TYPE, type Exchange } from './exchange.ts';
import type { AssuranceRun, Finding, JudgedCheck, ScenarioResult, ScenarioStatus, StepResult } from './model.ts';
import type { BuildContext } from './build-context.ts';
import { redactText } from './redact.ts';
import { type NotRunScenario, judgeRun } from './verdict.ts';

export type { BuildContext };

const REQUIREMENT_TAG = /^@(NRLS-[A-Z]+-\d{3})$/;
const AMBIGUITY_TAG = /^@(AMB-\d{2})$/;
const TWO_RECORD_TYPES = '@two-record-types';

const durationMs = (duration?: messages.Duration) =>
  duration ? duration.seconds * 1000 + Math.round(duration.nanos / 1e6) : 0;
const idsOf = (tags: string[], pattern: RegExp) => [
  ...new Set(tags.map((tag) => pattern.exec(tag)?.[1]).filter((id): id is string => !!id)),
];

/** The key that groups one check's failures across scenarios: one defect, one group. */
export function defectKey(check: Pick<CheckRecord, 'about' | 'name' | 'amb' | 'expected' | 'kind'>): string {
  return JSON.stringify([[...check.about].sort(), check.name, check.amb ?? '', check.kind ?? '', check.expected ?? '']);
}

/** A failed or advisory check with its basis resolved (the strongest basis among what it is about). */
export function judgedCheck(check: CheckRecord): JudgedCheck {
  if (check.amb) return { ...check, basis: basisOf(check.about[0] ?? '', check.amb) };
  return { ...check, basis: check.about.some((id) => basisOf(id, undefined) === 'spec') ? 'spec' : 'mock-rec' };
}

export function findingOf(check: CheckRecord): Finding {
  return {
    ...judgedCheck(check),
    outcome: check.outcome === 'failed' ? 'failed' : 'advisory',
    kind: check.kind ?? 'conformance',
    defect: defectKey(check),
  };
}

export function stepStatus(result: messages.TestStepResult, checks: CheckRecord[]): StepResult['status'] {
  switch (result.status) {
    case 'PASSED':
      return 'passed';
    case 'FAILED': {
      const failed = checks.filter((check) => check.outcome === 'failed');
      return failed.length > 0 && failed.every((check) => check.kind === 'conformance' || check.kind === 'timeout')
        ? 'failed'
        : 'broken';
    }
    case 'UNDEFINED':
      return 'undefined';
    case 'SKIPPED':
      return 'skipped';
    default:
      return 'broken';
  }
}

export function scenarioStatus(steps: Pick<StepResult, 'status'>[], findings: Finding[]): ScenarioStatus {
  const failed = findings.filter((finding) => finding.outcome === 'failed');
  if (steps.some((step) => step.status === 'broken' || step.status === 'undefined')) return 'broken';
  if (failed.some((finding) => finding.stage === 'scenario')) return 'failed';
  if (failed.some((finding) => finding.stage === 'setup')) return 'blocked';
  if (steps.length > 0 && steps.every((step) => step.status === 'skipped')) return 'skipped';
  return findings.length > 0 ? 'advisory' : 'passed';
}

export function buildAssuranceRun(envelopes: readonly messages.Envelope[], context: BuildContext): AssuranceRun {
  const astSteps = new Map<string, { keyword: string }>();
  const featureOf = new Map<string, { name: string; area: string }>();
  const scenarioLine = new Map<string, number>();
  const pickles = new Map<string, messages.Pickle>();
  const testCases = new Map<string, messages.TestCase>();
  const started = new Map<string, messages.TestCaseStarted>();
  const stepResults = new Map<string, Map<string, messages.TestStepResult>>();
  const exchanges = new Map<string, Exchange[]>();
  const checks = new Map<string, CheckRecord[]>();
  const cleanups = new Map<string, CleanupRecord>();
  const finished = new Set<string>();
  const hookNames = new Map<string, string>();
  const push = <T>(map: Map<string, T[]>, key: string, items: T[]) => map.set(key, [...(map.get(key) ?? []), ...items]);

  for (const envelope of envelopes) {
    const document = envelope.gherkinDocument;
    if (document?.feature && document.uri) {
      const area = document.feature.tags.map((tag) => /^@area-(.+)$/.exec(tag.name)?.[1]).find(Boolean) ?? 'other';
      featureOf.set(document.uri, { name: document.feature.name, area });
      const visit = (children: readonly messages.FeatureChild[] | readonly messages.RuleChild[]) => {
        for (const child of children) {
          if ('rule' in child && child.rule) visit(child.rule.children);
          const scenario = child.scenario ?? child.background;
          if (!scenario) continue;
          if (child.scenario) scenarioLine.set(child.scenario.id, child.scenario.location.line);
          for (const step of scenario.steps) astSteps.set(step.id, { keyword: step.keyword.trim() });
          for (const examples of child.scenario?.examples ?? []) {
            for (const row of examples.tableBody) scenarioLine.set(row.id, row.location.line);
          }
        }
      };
      visit(document.feature.children);
    }
    if (envelope.pickle) pickles.set(envelope.pickle.id, envelope.pickle);
    if (envelope.hook) hookNames.set(envelope.hook.id, envelope.hook.name ?? 'hook');
    if (envelope.testCase) testCases.set(envelope.testCase.id, envelope.testCase);
    if (envelope.testCaseStarted) started.set(envelope.testCaseStarted.id, envelope.testCaseStarted);
    if (envelope.testStepFinished) {
      const { testCaseStartedId, testStepId, testStepResult } = envelope.testStepFinished;
      if (!stepResults.has(testCaseStartedId)) stepResults.set(testCaseStartedId, new Map());
      stepResults.get(testCaseStartedId)!.set(testStepId, testStepResult);
    }
    const attachment = envelope.attachment;
    if (attachment?.testCaseStartedId && attachment.testStepId) {
      const key = `${attachment.testCaseStartedId}/${attachment.testStepId}`;
      if (attachment.mediaType === EXCHANGE_MEDIA_TYPE) push(exchanges, key, [JSON.parse(attachment.body) as Exchange]);
      if (attachment.mediaType === CHECK_MEDIA_TYPE)
        push(checks, key, (JSON.parse(attachment.body) as CheckAttachment).checks);
      if (attachment.mediaType === CLEANUP_MEDIA_TYPE)
        cleanups.set(attachment.testCaseStartedId, JSON.parse(attachment.body) as CleanupRecord);
    }
    if (envelope.testCaseFinished && !envelope.testCaseFinished.willBeRetried)
      finished.add(envelope.testCaseFinished.testCaseStartedId);
  }

  const lineOf = (pickle: messages.Pickle) => scenarioLine.get(pickle.astNodeIds[pickle.astNodeIds.length - 1]!) ?? 0;
  const redact = (text: string) => redactText(text, context.secrets);
  const scenarios: ScenarioResult[] = [];
  const ranPickles = new Set<string>();
  for (const attempt of started.values()) {
    if (!finished.has(attempt.id)) continue;
    const testCase = testCases.get(attempt.testCaseId)!;
    const pickle = pickles.get(testCase.pickleId)!;
    ranPickles.add(pickle.id);
    const results = stepResults.get(attempt.id) ?? new Map();
    const steps: StepResult[] = [];
    for (const testStep of testCase.testSteps) {
      const result = results.get(testStep.id);
      if (!result) continue;
      const key = `${attempt.id}/${testStep.id}`;
      const stepChecks = checks.get(key) ?? [];
      const status = stepStatus(result, stepChecks);
      const failedWithoutCheck =
        (result.status === 'FAILED' || result.status === 'UNDEFINED' || result.status === 'AMBIGUOUS') &&
        !stepChecks.some((check) => check.outcome === 'failed');
      const error = failedWithoutCheck
        ? { message: redact(result.exception?.message ?? result.message ?? result.status.toLowerCase()) }
        : undefined;
      const common = {
        status,
        durationMs: durationMs(result.duration),
        checks: stepChecks.map(judgedCheck),
        exchanges: exchanges.get(key) ?? [],
        ...(error ? { error } : {}),
      };
      if (testStep.hookId) {
        // Hooks appear only when they did something worth showing.
        if (result.status === 'PASSED' && common.exchanges.length === 0 && stepChecks.length === 0) continue;
        steps.push({ keyword: 'Hook', text: hookNames.get(testStep.hookId) || 'scenario hook', ...common });
        continue;
      }
      const pickleStep = pickle.steps.find((step) => step.id === testStep.pickleStepId)!;
      steps.push({ keyword: astSteps.get(pickleStep.astNodeIds[0]!)?.keyword ?? '', text: pickleStep.text, ...common });
    }
    const tags = pickle.tags.map((tag) => tag.name);
    const feature = featureOf.get(pickle.uri);
    const findings = steps
      .flatMap((step) => step.checks)
      .filter((check) => check.outcome !== 'passed')
      .map(findingOf);
    const status = scenarioStatus(steps, findings);
    const cleanup = cleanups.get(attempt.id);
    scenarios.push({
      id: `${pickle.uri}:${lineOf(pickle)}`,
      name: pickle.name,
      feature: feature?.name ?? pickle.uri,
      uri: pickle.uri,
      line: lineOf(pickle),
      area: feature?.area ?? 'other',
      tags,
      requirementIds: idsOf(tags, REQUIREMENT_TAG),
      ambiguityIds: idsOf(tags, AMBIGUITY_TAG),
      status,
      findings,
      ...(status === 'blocked'
        ? { blockedBy: findings.find((finding) => finding.outcome === 'failed' && finding.stage === 'setup')!.defect }
        : {}),
      ...(cleanup && cleanup.left.length > 0
        ? { leftOnTarget: cleanup.left.map((left) => ({ ...left, reason: redact(left.reason) })) }
        : {}),
      durationMs: steps.reduce((sum, step) => sum + step.durationMs, 0),
      steps,
    });
  }
  scenarios.sort((a, b) => a.uri.localeCompare(b.uri) || a.line - b.line);

  const recordTypesExcluded = context.identity.tagFilter.includes(`not ${TWO_RECORD_TYPES}`);
  const notRun = [...pickles.values()]
    .filter((pickle) => !ranPickles.has(pickle.id))
    .map((pickle) => {
      const tags = pickle.tags.map((tag) => tag.name);
      const reason =
        recordTypesExcluded && tags.includes(TWO_RECORD_TYPES)
          ? 'needs a target whose profile lists a second record type'
          : 'not selected by the tag filter';
      return {
        id: `${pickle.uri}:${lineOf(pickle)}`,
        name: pickle.name,
        reason,
        tags,
        requirementIds: idsOf(tags, REQUIREMENT_TAG),
        ambiguityIds: idsOf(tags, AMBIGUITY_TAG),
      };
    })
    .sort((a, b) => a.id.localeCompare(b.id, undefined, { numeric: true }));

  const deleted = [...cleanups.values()].reduce((sum, cleanup) => sum + cleanup.deleted.length, 0);
  if (!context.scope) return judgeRun(scenarios, notRun, context, deleted);
  return judgeInScope(scenarios, notRun, context, context.scope, deleted);
}

/**
 * A run judged on part of the catalogue (a client assurance run: `assure-client`): the requirement matrix
 * holds the scope's requirements and any a check was about, the ambiguities its scenarios rest on, and
 * "not run" the in-scope scenarios that did not run. Having skipped any of those, it is partial at best.
 */
function judgeInScope(
  scenarios: ScenarioResult[],
  allNotRun: (NotRunScenario & { tags: string[] })[],
  context: BuildContext,
  scope: NonNullable<BuildContext['scope']>,
  deleted: number,
): AssuranceRun {
  const tag = scope.scenarioTag;
  const notRun = tag ? allNotRun.filter((scenario) => scenario.tags.includes(tag)) : allNotRun;
  const ids = new Set([
    ...scope.requirementIds,
    ...scenarios.flatMap((scenario) => scenario.steps.flatMap((step) => step.checks.flatMap((check) => check.about))),
  ]);
  const ambiguities = new Set([...scenarios, ...notRun].flatMap((scenario) => scenario.ambiguityIds));
  const catalogue = {
    ...context.catalogue,
    requirements: context.catalogue.requirements.filter((requirement) => ids.has(requirement.id)),
    ambiguities: context.catalogue.ambiguities.filter((ambiguity) => ambiguities.has(ambiguity.id)),
  };
  const run = judgeRun(scenarios, notRun, { ...context, catalogue }, deleted);
  if (run.verdict !== 'conformant' || notRun.length === 0) return run;
  return {
    ...run,
    verdict: 'partial',
    verdictReason:
      `partial: ${notRun.length} of ${notRun.length + scenarios.length} scenarios did not run; ` +
      `every scenario that ran passed`,
  };
}
