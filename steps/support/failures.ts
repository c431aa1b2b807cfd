// Two kinds of scenario failure, so that a report can tell them apart (STYLE §6):
// the target broke a rule (failed), or the scenario could not be judged (broken).

/** The target's response breaks a requirement. */
export class ConformanceFailure extends Error {
  override name = 'ConformanceFailure';
}

/** No response to judge: the connection was refused or reset, or TLS failed. */
export class TransportFailure extends Error {
  override name = 'TransportFailure';
}
