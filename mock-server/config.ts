import type { ClientDirectory, RuleVerdict } from '../src/client-assurance/recorded-exchange.ts';
import type { JudgedRequest } from '../src/client-assurance/rules.ts';
import type { TriggerTable } from '../src/client-assurance/triggers.ts';
import type { Fixtures, NewPatients } from './fixtures.ts';

/** How the mock behaves where the spec leaves a choice (§7), and where it keeps its data. */
export interface MockConfig {
  /** Path prefix of the service base, '' for the root (`--base-path`). */
  basePath: string;
  fixtures: Fixtures;
  /** `--db FILE`: the lowdb JSON file; in memory when absent. */
  dbFile?: string;
  /** Request bodies above this many bytes are refused with 413. */
  bodyLimitBytes: number;
  /** One line per request; undefined silences them (`--quiet`). Internal errors are always reported. */
  log?: (line: string) => void;
  /** Where internal errors (never client input) are reported. */
  reportInternalError: (error: unknown) => void;
  /** AMB-39: 1.2.3's HTML body (default) or 1.2.1's OperationOutcome for a 500. */
  internalErrorBody: 'html' | 'operation-outcome';
  /** AMB-39 fault injection: a create whose masterIdentifier.value is this fails to persist (500). Off when unset. */
  persistenceFailureMarker?: string;
  /**
   * A create or supersede for a valid NHS number not among the known patients: `accept` makes the patient
   * known (AMB-40); `refuse` answers 404 NO_RECORD_FOUND, as the live NRLS only takes pointers for patients
   * Spine knows (NRLS-CREATE-025). From patients.json, overridden by `--known-patients-only`.
   */
  newPatients: NewPatients;
  /** AMB-05: the JWT's requesting_system ASID must equal fromASID (on by default). */
  requestingSystemMustMatchFromAsid: boolean;
  /** AMB-55, AMB-06 strict mode: alg none, empty signature, exp = iat + 300 and iat ≤ now ≤ exp. */
  strictJwt: boolean;
  /**
   * Deliberate deviations for the mutation run (`--fault NAME`); none when absent. app.ts applies them as
   * variants of the rules and stages (mock-server/faults/); no stage asks about them.
   */
  faults?: FaultSelection;
  /**
   * `--record DIR`: each exchange of the NRLS service part is appended to DIR/exchanges.ndjson as it completes
   * (mock-server/recording/). The inspector (`{base}/_inspector`) shows the latest ones either way.
   */
  recordDir?: string;
  /** How many of the latest exchanges the inspector keeps (500 when absent). */
  recordCapacity?: number;
  /** The client rules that judge each exchange: judgeRequest (src/client-assurance/rules.ts) unless a test's own. */
  judgeExchange?: (exchange: JudgedRequest, directory: ClientDirectory) => RuleVerdict[];
  /**
   * Client assurance: the simulator triggers (fixtures/client-triggers.json) the mock answers; none when
   * absent. app.ts applies them as a variant of the interaction stage (mock-server/simulator/).
   */
  triggers?: TriggerTable;
}

/** The faults a mock runs with, by name (a `Faults` of mock-server/faults/, which checks the names). */
export interface FaultSelection {
  readonly names: readonly string[];
}

export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

export function mockConfig(fixtures: Fixtures, overrides: Partial<MockConfig> = {}): MockConfig {
  return {
    basePath: '',
    fixtures,
    bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES,
    reportInternalError: (error) => console.error('nrls mock: internal error:', error),
    internalErrorBody: 'html',
    newPatients: (overrides.fixtures ?? fixtures).newPatients,
    requestingSystemMustMatchFromAsid: true,
    strictJwt: false,
    ...overrides,
    ...(overrides.basePath !== undefined ? { basePath: normaliseBasePath(overrides.basePath) } : {}),
  };
}

/** `/`, `` → ``; `nrls-ri/` → `/nrls-ri`. */
export function normaliseBasePath(path: string): string {
  const trimmed = path.trim().replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '' : `/${trimmed}`;
}
