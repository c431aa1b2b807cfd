// Two kinds of scenario failure, so that a report can tell them apart (STYLE §6): the target broke a
// rule (failed), or the scenario could not be judged (broken). Their messages quote responses, which may
// echo a secret (a JWT claim in diagnostics, say), so they are redacted as they are made; and a target
// may echo anything at any length, so each line is cut at MESSAGE_LINE_LIMIT characters (after redaction,
// so that no cut can split a secret and leave half of it unmarked).
import { redactText, type Secret } from '../../src/report/redact.ts';

let secrets: readonly Secret[] = [];

/** The most of one line of a failure message (an echoed diagnostics, say) that a report shows. */
export const MESSAGE_LINE_LIMIT = 1000;
const MESSAGE_LINES = 20;

/** The target profile's secrets, for every failure message made in this process. */
export function redactFailureMessagesOf(profileSecrets: readonly Secret[]): void {
  secrets = profileSecrets;
}

function bounded(message: string): string {
  const lines = message.split('\n');
  const kept = lines.slice(0, MESSAGE_LINES).map((line) =>
    line.length <= MESSAGE_LINE_LIMIT ? line : `${line.slice(0, MESSAGE_LINE_LIMIT)}… (${line.length - MESSAGE_LINE_LIMIT} more characters cut)`,
  );
  if (lines.length > MESSAGE_LINES) kept.push(`… (${lines.length - MESSAGE_LINES} more lines cut)`);
  return kept.join('\n');
}

const fitForReport = (message: string) => bounded(redactText(message, secrets));

/** The target's response breaks a requirement. */
export class ConformanceFailure extends Error {
  override name = 'ConformanceFailure';
  constructor(message: string) {
    super(fitForReport(message));
  }
}

/** No response to judge: the connection was refused or reset, or TLS failed. */
export class TransportFailure extends Error {
  override name = 'TransportFailure';
  constructor(message: string) {
    super(fitForReport(message));
  }
}
