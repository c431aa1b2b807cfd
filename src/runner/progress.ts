// One line per scenario as it finishes: ✔ passed, ✖ failed (a check about its own rules failed),
// ⊘ blocked (its setup failed, for another requirement's reason), ! broken (could not be judged),
// ~ advisory (passed on the spec; differs from a recommendation), with what decided it. Reads the same
// envelopes and the same check records the report is built from, with the same rules.
import type * as messages from '@cucumber/messages';
import { findingOf, scenarioStatus, stepStatus } from '../report/build.ts';
import { CHECK_MEDIA_TYPE, type CheckAttachment, type CheckRecord } from '../report/check.ts';
import type { ScenarioStatus } from '../report/model.ts';

const MARK: Record<ScenarioStatus, string> = {
  passed: '✔',
  failed: '✖',
  blocked: '⊘',
  broken: '!',
  advisory: '~',
  skipped: '-',
};
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

function explain(status: ScenarioStatus, checks: CheckRecord[], error: string | undefined): string | undefined {
  const finding =
    checks.find((check) => check.outcome === 'failed') ?? checks.find((check) => check.outcome === 'advisory');
  const what = finding
    ? `${finding.about.join(', ')}: ${finding.name}${finding.amb ? ` (${finding.amb})` : ''}: ` +
      `expected ${finding.expected}; actual ${finding.actual}`
    : error;
  if (!what) return undefined;
  const label = {
    failed: 'failed',
    blocked: 'blocked by its setup',
    broken: 'could not judge',
    advisory: 'advisory',
    passed: '',
    skipped: '',
  }[status];
  return label ? `${label}: ${oneLine(what).slice(0, 300)}` : undefined;
}

export function progressPrinter(write: (line: string) => void, total: () => number) {
  const names = new Map<string, { name: string; area: string }>();
  const areaOf = new Map<string, string>();
  const caseOf = new Map<string, string>();
  const pickleOfCase = new Map<string, string>();
  const steps = new Map<string, { status: ReturnType<typeof stepStatus> }[]>();
  const checks = new Map<string, CheckRecord[]>();
  const byCase = new Map<string, CheckRecord[]>();
  const errors = new Map<string, string>();
  let done = 0;
  return (envelope: messages.Envelope) => {
    const document = envelope.gherkinDocument;
    if (document?.feature && document.uri) {
      areaOf.set(
        document.uri,
        document.feature.tags.map((t) => /^@area-(.+)$/.exec(t.name)?.[1]).find(Boolean) ?? document.feature.name,
      );
    }
    if (envelope.pickle)
      names.set(envelope.pickle.id, { name: envelope.pickle.name, area: areaOf.get(envelope.pickle.uri) ?? '' });
    if (envelope.testCase) pickleOfCase.set(envelope.testCase.id, envelope.testCase.pickleId);
    if (envelope.testCaseStarted) caseOf.set(envelope.testCaseStarted.id, envelope.testCaseStarted.testCaseId);
    const attachment = envelope.attachment;
    if (attachment?.mediaType === CHECK_MEDIA_TYPE && attachment.testCaseStartedId) {
      const key = `${attachment.testCaseStartedId}/${attachment.testStepId}`;
      const recorded = (JSON.parse(attachment.body) as CheckAttachment).checks;
      checks.set(key, [...(checks.get(key) ?? []), ...recorded]);
      byCase.set(attachment.testCaseStartedId, [...(byCase.get(attachment.testCaseStartedId) ?? []), ...recorded]);
    }
    const step = envelope.testStepFinished;
    if (step) {
      const stepChecks = checks.get(`${step.testCaseStartedId}/${step.testStepId}`) ?? [];
      steps.set(step.testCaseStartedId, [
        ...(steps.get(step.testCaseStartedId) ?? []),
        { status: stepStatus(step.testStepResult, stepChecks) },
      ]);
      const result = step.testStepResult;
      if (result.status !== 'PASSED' && result.status !== 'SKIPPED' && !errors.has(step.testCaseStartedId)) {
        errors.set(step.testCaseStartedId, result.exception?.message ?? result.message ?? result.status);
      }
    }
    const finished = envelope.testCaseFinished;
    if (finished && !finished.willBeRetried) {
      done += 1;
      const started = finished.testCaseStartedId;
      const all = byCase.get(started) ?? [];
      const findings = all.filter((check) => check.outcome !== 'passed').map(findingOf);
      const status = scenarioStatus(steps.get(started) ?? [], findings);
      const scenario = names.get(pickleOfCase.get(caseOf.get(started)!)!)!;
      write(`${String(done).padStart(4)}/${total()} ${MARK[status]} [${scenario.area}] ${scenario.name}`);
      const why = explain(status, findings, errors.get(started));
      if (why) write(`           ${why}`);
      for (const key of [...checks.keys()].filter((candidate) => candidate.startsWith(`${started}/`)))
        checks.delete(key);
      for (const map of [byCase, steps, errors]) map.delete(started);
    }
  };
}
