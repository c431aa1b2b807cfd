// Client assurance: the driver file tells the harness how to make the supplier's system act (create,
// supersede, delete, search): a command to run (argv, no shell) or an instruction a person follows. The
// harness fills the placeholders, runs the command with a timeout, and reads what the system reports: its
// exit code (0 = it reports success) and, optionally, a JSON last line of stdout. Any problem in the file
// is one DriverError line naming the file and the field.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { ClientRole } from './recorded-exchange.ts';

export const DRIVER_ACTIONS = ['create', 'supersede', 'delete', 'search'] as const;
export type DriverActionName = (typeof DRIVER_ACTIONS)[number];

export const PLACEHOLDERS = [
  'baseUrl',
  'nhsNumber',
  'masterIdentifierSystem',
  'masterIdentifierValue',
  'targetMasterIdentifierValue',
  'pointerId',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Partial<Record<Placeholder, string>>;

/** The interactions each role may drive (§2.0: a consumer only searches). */
const ROLE_ACTIONS: Record<ClientRole, readonly DriverActionName[]> = {
  provider: DRIVER_ACTIONS,
  consumer: ['search'],
};

export const DEFAULT_DRIVER_TIMEOUT_MS = 20_000;

export type DriverAction = { command: string[] } | { manual: string };

export interface Driver {
  /** The file it was read from; commands run in its folder. */
  file: string;
  role: ClientRole;
  system: { asid: string; ods: string };
  timeoutMs: number;
  env: Record<string, string>;
  actions: Partial<Record<DriverActionName, DriverAction>>;
}

/** What the system said about its own action, on the last non-empty line of its stdout. */
export interface ReportedOutcome {
  outcome: 'created' | 'superseded' | 'deleted' | 'found' | 'error';
  pointerId?: string;
  count?: number;
  spineCode?: string;
  message?: string;
}

export type ActionResult =
  | {
      mode: 'command';
      /** null when the command was stopped at the timeout. */
      exitCode: number | null;
      timedOut: boolean;
      /** Exit code 0 and no `"outcome":"error"`: the system reports it succeeded. */
      reportedSuccess: boolean;
      reported?: ReportedOutcome;
      stdout: string;
      stderr: string;
      durationMs: number;
    }
  | { mode: 'manual'; instruction: string; arrived: boolean; durationMs: number };

export class DriverError extends Error {
  override name = 'DriverError';
}

const OUTCOMES = new Set(['created', 'superseded', 'deleted', 'found', 'error']);
// A name in braces; other braces (a JSON literal in `node -e`, say) are left alone.
const PLACEHOLDER = /\{([A-Za-z]\w*)\}/g;

function problem(file: string, field: string, what: string): DriverError {
  return new DriverError(`${basename(file)}: ${field}: ${what}`);
}

function checkPlaceholders(file: string, field: string, text: string): void {
  for (const [, name] of text.matchAll(PLACEHOLDER)) {
    if (!(PLACEHOLDERS as readonly string[]).includes(name!))
      throw problem(
        file,
        field,
        `unknown placeholder {${name}}; known: ${PLACEHOLDERS.map((p) => `{${p}}`).join(' ')}`,
      );
  }
}

function actionOf(file: string, name: string, value: unknown): DriverAction {
  const field = `actions.${name}`;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw problem(file, field, 'must be an object with "command" or "manual"');
  const { command, manual } = value as { command?: unknown; manual?: unknown };
  if (command !== undefined && manual !== undefined) throw problem(file, field, 'has both "command" and "manual"');
  if (command !== undefined) {
    if (!Array.isArray(command) || command.length === 0 || command.some((arg) => typeof arg !== 'string'))
      throw problem(file, `${field}.command`, 'must be a non-empty array of strings (argv, no shell)');
    for (const [at, arg] of (command as string[]).entries()) checkPlaceholders(file, `${field}.command[${at}]`, arg);
    return { command: command as string[] };
  }
  if (manual !== undefined) {
    if (typeof manual !== 'string' || manual.trim() === '')
      throw problem(file, `${field}.manual`, 'must be a non-empty instruction');
    checkPlaceholders(file, `${field}.manual`, manual);
    return { manual };
  }
  throw problem(file, field, 'needs "command" (an argv array) or "manual" (an instruction)');
}

/** Parses and checks a driver; `expectedRole` is the --role the harness runs (a mismatch is an error). */
export function parseDriver(file: string, text: string, expectedRole?: ClientRole): Driver {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw problem(file, '(file)', `not JSON: ${(error as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw problem(file, '(file)', 'not a JSON object');
  const data = raw as Record<string, unknown>;
  if (data.role !== 'provider' && data.role !== 'consumer')
    throw problem(file, 'role', `must be "provider" or "consumer", not ${JSON.stringify(data.role)}`);
  const role = data.role;
  if (expectedRole && role !== expectedRole)
    throw problem(file, 'role', `is "${role}" but --role is "${expectedRole}"`);
  const system = data.system as Record<string, unknown> | undefined;
  if (typeof system !== 'object' || system === null) throw problem(file, 'system', 'must be {"asid": …, "ods": …}');
  if (typeof system.asid !== 'string' || !/^\d+$/.test(system.asid))
    throw problem(file, 'system.asid', 'must be the ASID the system sends as fromASID (digits)');
  if (typeof system.ods !== 'string' || system.ods.trim() === '')
    throw problem(file, 'system.ods', 'must be the ODS code of the system');
  const timeoutMs = data.timeoutMs ?? DEFAULT_DRIVER_TIMEOUT_MS;
  if (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 3_600_000)
    throw problem(file, 'timeoutMs', 'must be a whole number of milliseconds from 1 to 3600000');
  const env = data.env ?? {};
  if (typeof env !== 'object' || env === null || Array.isArray(env)) throw problem(file, 'env', 'must be an object');
  for (const [name, value] of Object.entries(env)) {
    if (typeof value !== 'string') throw problem(file, `env.${name}`, 'must be a string');
  }
  const actions = data.actions;
  if (typeof actions !== 'object' || actions === null || Array.isArray(actions))
    throw problem(file, 'actions', 'must be an object of create, supersede, delete, search');
  const parsed: Driver['actions'] = {};
  for (const [name, value] of Object.entries(actions)) {
    if (!(DRIVER_ACTIONS as readonly string[]).includes(name))
      throw problem(file, `actions.${name}`, `unknown action; known: ${DRIVER_ACTIONS.join(', ')}`);
    if (!ROLE_ACTIONS[role].includes(name as DriverActionName))
      throw problem(file, `actions.${name}`, `a ${role} does not ${name} (spec §2.0)`);
    parsed[name as DriverActionName] = actionOf(file, name, value);
  }
  if (Object.keys(parsed).length === 0) throw problem(file, 'actions', 'names no action');
  return {
    file: resolve(file),
    role,
    system: { asid: system.asid, ods: system.ods },
    timeoutMs,
    env: env as Record<string, string>,
    actions: parsed,
  };
}

export function loadDriver(file: string, expectedRole?: ClientRole): Driver {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw problem(
      file,
      '(file)',
      `cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  return parseDriver(file, text, expectedRole);
}

/** Fills every placeholder; one with no value is an error naming the action, not an empty argument. */
export function fillPlaceholders(text: string, values: PlaceholderValues, where: string): string {
  return text.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = values[name as Placeholder];
    if (value === undefined) throw new DriverError(`${where}: no value for {${name}} in this scenario`);
    return value;
  });
}

/** The JSON object on the last non-empty line of stdout, when there is one of the documented shape. */
export function reportedOutcome(stdout: string): ReportedOutcome | undefined {
  const last = stdout.trimEnd().split('\n').at(-1)?.trim() ?? '';
  if (!last.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(last) as ReportedOutcome;
    return OUTCOMES.has(parsed.outcome) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

const tail = (text: string) => (text.length > 4000 ? `…${text.slice(-4000)}` : text);

function runCommand(driver: Driver, argv: string[]): Promise<ActionResult> {
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: dirname(driver.file),
      env: { ...process.env, ...driver.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, driver.timeoutMs);
    const finish = (exitCode: number | null, error?: Error) => {
      clearTimeout(timer);
      const reported = reportedOutcome(stdout);
      done({
        mode: 'command',
        exitCode: timedOut ? null : exitCode,
        timedOut,
        reportedSuccess: !timedOut && exitCode === 0 && reported?.outcome !== 'error',
        ...(reported ? { reported } : {}),
        stdout: tail(stdout),
        stderr: tail(error ? `${stderr}${error.message}` : stderr),
        durationMs: Date.now() - started,
      });
    };
    child.on('error', (error) => finish(127, error));
    child.on('close', (code) => finish(code));
  });
}

export interface ActionContext {
  /** Where a manual instruction is shown. */
  say: (line: string) => void;
  /** Whether the system's request has reached the mock yet (polled while a person acts). */
  arrived: () => Promise<boolean>;
  pollMs?: number;
}

/** Makes the system act: runs the command, or shows the instruction and waits for the request. */
export async function runAction(
  driver: Driver,
  name: DriverActionName,
  values: PlaceholderValues,
  context: ActionContext,
): Promise<ActionResult> {
  const action = driver.actions[name];
  if (!action) throw new DriverError(`${basename(driver.file)}: actions.${name}: not in the driver`);
  const where = `${basename(driver.file)}: actions.${name}`;
  if ('command' in action)
    return runCommand(
      driver,
      action.command.map((arg) => fillPlaceholders(arg, values, where)),
    );
  const instruction = fillPlaceholders(action.manual, values, where);
  context.say(`ACTION (${name}), within ${Math.round(driver.timeoutMs / 1000)} s: ${instruction}`);
  const started = Date.now();
  while (Date.now() - started < driver.timeoutMs) {
    if (await context.arrived())
      return { mode: 'manual', instruction, arrived: true, durationMs: Date.now() - started };
    await new Promise((wake) => setTimeout(wake, context.pollMs ?? 500));
  }
  return { mode: 'manual', instruction, arrived: false, durationMs: Date.now() - started };
}
