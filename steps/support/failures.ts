// Two kinds of scenario failure, so that a report can tell them apart (STYLE §6): the target broke a
// rule (failed), or the scenario could not be judged (broken). Their messages quote responses, which may
// echo a secret (a JWT claim in diagnostics, say), so they are redacted as they are made.
import { redactText, type Secret } from '../../src/report/redact.ts';

let secrets: readonly Secret[] = [];

/** The target profile's secrets, for every failure message made in this process. */
export function redactFailureMessagesOf(profileSecrets: readonly Secret[]): void {
  secrets = profileSecrets;
}

/** The target's response breaks a requirement. */
export class ConformanceFailure extends Error {
  override name = 'ConformanceFailure';
  constructor(message: string) {
    super(redactText(message, secrets));
  }
}

/** No response to judge: the connection was refused or reset, or TLS failed. */
export class TransportFailure extends Error {
  override name = 'TransportFailure';
  constructor(message: string) {
    super(redactText(message, secrets));
  }
}
