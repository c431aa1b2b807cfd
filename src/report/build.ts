// Cucumber message envelopes → AssuranceRun. Pure: the run identity, catalogue and secrets are passed
// in; nothing here reads a clock, a file or the environment.
import type * as messages from '@cucumber/messages';
import { TESTABLE_LEVELS, levelReason, type Catalogue } from '../domain/requirements/catalogue.ts';
import { EXCHANGE_MEDIA_TYPE, type Exchange } from './exchange.ts';
import type { AssuranceRun, RequirementStatus, RunIdentity, ScenarioResult, ScenarioStatus, StepResult, Tally } from './model.ts';
import { redactText, type Secret } from './redact.ts';

export interface BuildContext {
  identity: RunIdentity;
  catalogue: Catalogue;
  notTestable: Record<string, string>;
  secrets: readonly Secret[];
}

/** Errors of these types mean the target broke a rule; any other error means the scenario could not be judged. */
const CONFORMANCE_ERRORS = new Set(['ConformanceFailure', 'AssertionError']);
const REQUIREMENT_TAG = /^@(NRLS-[A-Z]+-\d{3})$/;
const AMBIGUITY_TAG = /^@(AMB-\d{2})$/;

const durationMs = (duration?: messages.Duration) => (duration ? duration.seconds * 1000 + Math.round(duration.nanos / 1e6) : 0);

/** Splits a ConformanceFailure message ("expected …\n  actual …\n  exchange: …"). */
export function splitExpectedActual(message: string): { expected?: string; actual?: string } {
  const match = /expected ([\s\S]*?)\n\s*actual ([\s\S]*?)(?:\n\s*exchange: [\s\S]*)?$/.exec(message);
  return match ? { expected: match[1]!.trim(), actual: match[2]!.trim() } : {};
}

function errorOf(result: messages.TestStepResult, secrets: readonly Secret[]): StepResult['error'] {
  if (result.status !== 'FAILED' && result.status !== 'UNDEFINED' && result.status !== 'AMBIGUOUS') return undefined;
  const type = result.exception?.type ?? (result.status === 'FAILED' ? 'Error' : result.status);
  const raw = result.exception?.message ?? result.message ?? result.status.toLowerCase();
  const message = redactText(raw.replace(/^\w*Error: |^ConformanceFailure: /, ''), secrets);
  return { type, message, ...splitExpectedActual(message) };
}

function stepStatus(result: messages.TestStepResult): StepResult['status'] {
  switch (result.status) {
    case 'PASSED':
      return 'passed';
    case 'FAILED':
      return CONFORMANCE_ERRORS.has(result.exception?.type ?? '') ? 'failed' : 'broken';
    case 'UNDEFINED':
    case 'AMBIGUOUS':
      return 'broken';
    case 'PENDING':
    case 'UNKNOWN':
      return 'broken';
    default:
      return 'skipped';
  }
}

function scenarioStatus(steps: StepResult[]): ScenarioStatus {
  if (steps.some((step) => step.status === 'broken')) return 'broken';
  if (steps.some((step) => step.status === 'failed')) return 'failed';
  if (steps.length > 0 && steps.every((step) => step.status === 'skipped')) return 'skipped';
  return 'passed';
}

function tally<T extends { status: string }>(items: T[]): Tally {
  const count = (status: string) => items.filter((item) => item.status === status).length;
  return { passed: count('passed'), failed: count('failed'), broken: count('broken'), skipped: count('skipped') };
}

/** passed only if every scenario proving it passed; failed beats broken beats passed. */
function statusOf(scenarios: ScenarioResult[]): RequirementStatus {
  const ran = scenarios.filter((scenario) => scenario.status !== 'skipped');
  if (ran.length === 0) return 'not run';
  if (ran.some((scenario) => scenario.status === 'failed')) return 'failed';
  if (ran.some((scenario) => scenario.status === 'broken')) return 'broken';
  return 'passed';
}

export function buildAssuranceRun(envelopes: readonly messages.Envelope[], context: BuildContext): AssuranceRun {
  const astSteps = new Map<string, { keyword: string }>();
  const featureOf = new Map<string, { name: string; area: string }>();
  const scenarioLine = new Map<string, number>();
  const pickles = new Map<string, messages.Pickle>();
  const testCases = new Map<string, messages.TestCase>();
  const started = new Map<string, messages.TestCaseStarted>();
  const stepResults = new Map<string, Map<string, messages.TestStepResult>>();
  const attachments = new Map<string, Exchange[]>();
  const finished = new Set<string>();
  const hookNames = new Map<string, string>();

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
    if (attachment?.mediaType === EXCHANGE_MEDIA_TYPE && attachment.testCaseStartedId && attachment.testStepId) {
      const key = `${attachment.testCaseStartedId}/${attachment.testStepId}`;
      if (!attachments.has(key)) attachments.set(key, []);
      attachments.get(key)!.push(JSON.parse(attachment.body) as Exchange);
    }
    if (envelope.testCaseFinished && !envelope.testCaseFinished.willBeRetried) finished.add(envelope.testCaseFinished.testCaseStartedId);
  }

  const scenarios: ScenarioResult[] = [];
  for (const attempt of started.values()) {
    if (!finished.has(attempt.id)) continue;
    const testCase = testCases.get(attempt.testCaseId)!;
    const pickle = pickles.get(testCase.pickleId)!;
    const results = stepResults.get(attempt.id) ?? new Map();
    const steps: StepResult[] = [];
    for (const testStep of testCase.testSteps) {
      const result = results.get(testStep.id);
      if (!result) continue;
      const exchanges = attachments.get(`${attempt.id}/${testStep.id}`) ?? [];
      if (testStep.hookId) {
        // Hooks appear only when they did something worth showing.
        if (result.status === 'PASSED' && exchanges.length === 0) continue;
        steps.push({ keyword: 'Hook', text: hookNames.get(testStep.hookId) || 'scenario hook', status: stepStatus(result), durationMs: durationMs(result.duration), error: errorOf(result, context.secrets), exchanges });
        continue;
      }
      const pickleStep = pickle.steps.find((step) => step.id === testStep.pickleStepId)!;
      steps.push({
        keyword: astSteps.get(pickleStep.astNodeIds[0]!)?.keyword ?? '',
        text: pickleStep.text,
        status: stepStatus(result),
        durationMs: durationMs(result.duration),
        error: errorOf(result, context.secrets),
        exchanges,
      });
    }
    const tags = pickle.tags.map((tag) => tag.name);
    const feature = featureOf.get(pickle.uri);
    scenarios.push({
      id: `${pickle.uri}:${scenarioLine.get(pickle.astNodeIds[pickle.astNodeIds.length - 1]!) ?? 0}`,
      name: pickle.name,
      feature: feature?.name ?? pickle.uri,
      uri: pickle.uri,
      line: scenarioLine.get(pickle.astNodeIds[pickle.astNodeIds.length - 1]!) ?? 0,
      area: feature?.area ?? 'other',
      tags,
      requirementIds: [...new Set(tags.map((tag) => REQUIREMENT_TAG.exec(tag)?.[1]).filter((id): id is string => !!id))],
      ambiguityIds: [...new Set(tags.map((tag) => AMBIGUITY_TAG.exec(tag)?.[1]).filter((id): id is string => !!id))],
      status: scenarioStatus(steps),
      durationMs: steps.reduce((sum, step) => sum + step.durationMs, 0),
      steps,
    });
  }
  scenarios.sort((a, b) => a.uri.localeCompare(b.uri) || a.line - b.line);

  const byRequirement = (id: string) => scenarios.filter((scenario) => scenario.requirementIds.includes(id));
  const requirements = context.catalogue.requirements.map((requirement) => {
    const proving = byRequirement(requirement.id);
    const row = {
      id: requirement.id,
      level: requirement.level,
      summary: requirement.summary,
      area: requirement.area,
      section: requirement.section,
      ambiguityIds: requirement.amb,
      scenarioIds: proving.map((scenario) => scenario.id),
    };
    const notTestable = context.notTestable[requirement.id] ?? levelReason(requirement.level);
    if (proving.length === 0 && notTestable) return { ...row, status: 'not testable' as const, reason: notTestable };
    if (proving.length === 0 && !TESTABLE_LEVELS.has(requirement.level)) {
      return { ...row, status: 'not testable' as const, reason: `${requirement.level}: optional; no scenario asserts it` };
    }
    const status = statusOf(proving);
    return { ...row, status, reason: status === 'not run' ? (proving.length === 0 ? 'no scenario proves it' : 'excluded by the tag filter') : undefined };
  });

  const ambiguities = context.catalogue.ambiguities.map((ambiguity) => {
    const resting = scenarios.filter((scenario) => scenario.ambiguityIds.includes(ambiguity.id));
    return { ...ambiguity, status: resting.length === 0 ? ('not run' as const) : statusOf(resting), scenarioIds: resting.map((s) => s.id) };
  });

  const areas = [...new Set(scenarios.map((scenario) => scenario.area))].sort().map((area) => ({ area, ...tally(scenarios.filter((s) => s.area === area)) }));
  const scenarioTotals = tally(scenarios);
  const requirementTotals = { passed: 0, failed: 0, broken: 0, 'not run': 0, 'not testable': 0 } as Record<RequirementStatus, number>;
  for (const row of requirements) requirementTotals[row.status] += 1;

  const ran = scenarioTotals.passed + scenarioTotals.failed + scenarioTotals.broken;
  const [verdict, verdictReason]: [AssuranceRun['verdict'], string] =
    scenarioTotals.failed > 0
      ? ['not conformant', `${scenarioTotals.failed} of ${ran} scenarios found the target breaking a requirement (${requirementTotals.failed} requirements failed)`]
      : scenarioTotals.broken > 0
        ? ['incomplete', `${scenarioTotals.broken} of ${ran} scenarios could not be judged (no response, or a harness or configuration problem)`]
        : ran === 0
          ? ['incomplete', 'no scenario ran']
          : ['conformant', `all ${ran} scenarios passed; ${requirementTotals.passed} requirements proved${context.identity.tagFilter ? `, within the tag filter ${context.identity.tagFilter}` : ''}`];

  return {
    schemaVersion: 1,
    run: context.identity,
    verdict,
    verdictReason,
    scenarioTotals,
    requirementTotals,
    areas,
    requirements,
    ambiguities,
    scenarios,
    redactedSecrets: context.secrets.map((secret) => secret.name),
  };
}
