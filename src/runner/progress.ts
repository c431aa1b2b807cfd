// One line per scenario as it finishes: ✔ passed, ✖ failed (the target broke a rule), ! broken (could
// not be judged), with the first line of the failure. Reads the same envelopes the report is built from.
import type * as messages from '@cucumber/messages';

const CONFORMANCE_ERRORS = new Set(['ConformanceFailure', 'AssertionError']);

export function progressPrinter(write: (line: string) => void, total: () => number) {
  const names = new Map<string, { name: string; area: string }>();
  const areaOf = new Map<string, string>();
  const caseOf = new Map<string, string>();
  const pickleOfCase = new Map<string, string>();
  const failures = new Map<string, { broken: boolean; message: string }>();
  let done = 0;
  return (envelope: messages.Envelope) => {
    const document = envelope.gherkinDocument;
    if (document?.feature && document.uri) {
      areaOf.set(document.uri, document.feature.tags.map((t) => /^@area-(.+)$/.exec(t.name)?.[1]).find(Boolean) ?? document.feature.name);
    }
    if (envelope.pickle) names.set(envelope.pickle.id, { name: envelope.pickle.name, area: areaOf.get(envelope.pickle.uri) ?? '' });
    if (envelope.testCase) pickleOfCase.set(envelope.testCase.id, envelope.testCase.pickleId);
    if (envelope.testCaseStarted) caseOf.set(envelope.testCaseStarted.id, envelope.testCaseStarted.testCaseId);
    const step = envelope.testStepFinished;
    if (step && step.testStepResult.status !== 'PASSED' && step.testStepResult.status !== 'SKIPPED' && !failures.has(step.testCaseStartedId)) {
      const result = step.testStepResult;
      const message = (result.exception?.message ?? result.message ?? result.status).split('\n').slice(0, 2).join(' ').replace(/\s+/g, ' ');
      failures.set(step.testCaseStartedId, { broken: !CONFORMANCE_ERRORS.has(result.exception?.type ?? ''), message });
    }
    const finished = envelope.testCaseFinished;
    if (finished && !finished.willBeRetried) {
      done += 1;
      const scenario = names.get(pickleOfCase.get(caseOf.get(finished.testCaseStartedId)!)!)!;
      const failure = failures.get(finished.testCaseStartedId);
      const mark = !failure ? '✔' : failure.broken ? '!' : '✖';
      write(`${String(done).padStart(4)}/${total()} ${mark} [${scenario.area}] ${scenario.name}`);
      if (failure) write(`           ${failure.broken ? 'could not judge' : 'failed'}: ${failure.message.slice(0, 300)}`);
    }
  };
}
