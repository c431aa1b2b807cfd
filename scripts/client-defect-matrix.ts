// The example client's defect matrix (issue 12): for each named defect of examples/clients/defects.mjs,
// `nrls-conformance assure-client` judges the example client with that one defect switched on, on the
// scenarios that exercise it, and the matrix says whether it was caught and which requirement it failed.
// `npm run client-matrix` prints it; test/client-assurance/defect-matrix.test.ts asserts every row.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AssuranceRun } from '../src/report/model.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const clients = join(root, 'examples', 'clients');
const CLI = join(root, 'bin', 'nrls-conformance.js');

export interface ClientDefect {
  name: string;
  description: string;
  actions: ('create' | 'supersede' | 'delete' | 'search')[];
  breaks: string[];
  warningOnly?: boolean;
  control?: boolean;
  handling?: boolean;
  roles?: string[];
  deleteForm?: 'id' | 'master-identifier';
}

export async function loadDefects(): Promise<ClientDefect[]> {
  const module = (await import(join(clients, 'defects.mjs'))) as { DEFECTS: ClientDefect[] };
  return module.DEFECTS;
}

/** How one defect is exercised: the role, the scenarios (a tag expression) and the driver's changes. */
export interface DefectPlan {
  defect: ClientDefect;
  role: 'provider' | 'consumer';
  tags: string;
  /** The slow triggers' delay; past the driver's timeout for ignores-timeout. */
  triggerDelayMs: number;
  driverTimeoutMs?: number;
  deleteByMasterIdentifier: boolean;
}

/** The positive scenario of each action: where a defect in the request shows. */
const POSITIVE: Record<ClientDefect['actions'][number], string> = {
  create: '@positive and @NRLS-CREATE-023',
  supersede: '@positive and @NRLS-SUPERSEDE-009',
  delete: '@positive and @NRLS-DELETE-006',
  search: '@positive',
};

/** The scenario where a mishandled answer shows: a refusal, a 500, a slow answer. */
const HANDLING: Record<string, { role: 'provider' | 'consumer'; tags: string }> = {
  'claims-created-on-refusal': { role: 'provider', tags: '@negative and @NRLS-ERR-006' },
  'retry-storm': { role: 'provider', tags: '@negative and @NRLS-ERR-014' },
  'ignores-timeout': { role: 'provider', tags: '@slow' },
  'error-as-empty': { role: 'consumer', tags: '@negative and @NRLS-ERR-010' },
};

export function planFor(defect: ClientDefect): DefectPlan {
  const base = { defect, triggerDelayMs: 1_500, deleteByMasterIdentifier: defect.deleteForm === 'master-identifier' };
  const handling = HANDLING[defect.name];
  if (defect.handling) {
    if (!handling) throw new Error(`no scenario plan for the handling defect ${defect.name}`);
    // The driver stops a system that never reports after its timeoutMs: 3 s, before the 6 s answer.
    if (defect.name === 'ignores-timeout')
      return { ...base, ...handling, triggerDelayMs: 6_000, driverTimeoutMs: 3_000 };
    return { ...base, ...handling };
  }
  const consumer = defect.roles?.includes('consumer') || defect.actions.every((action) => action === 'search');
  const role = consumer ? 'consumer' : 'provider';
  const order = consumer ? (['search'] as const) : (['create', 'supersede', 'delete'] as const);
  const action = order.find((candidate) => defect.actions.includes(candidate));
  if (!action) throw new Error(`the defect ${defect.name} affects no ${role} action`);
  return { ...base, role, tags: POSITIVE[action] };
}

/** The role's driver, with a delete by master identifier or a shorter timeout where the plan needs it. */
function driverFor(plan: DefectPlan, dir: string): string {
  const file = join(clients, `${plan.role}-driver.json`);
  const driver = JSON.parse(readFileSync(file, 'utf8'));
  const absolute = (argv: string[]) => argv.map((arg) => (arg === 'nrls-client.mjs' ? join(clients, arg) : arg));
  for (const action of Object.values(driver.actions) as { command: string[] }[])
    action.command = absolute(action.command);
  if (plan.deleteByMasterIdentifier) {
    const command = driver.actions.delete.command as string[];
    const at = command.indexOf('--id');
    command.splice(at, 2, '--nhs', '{nhsNumber}', '--master-id-system', '{masterIdentifierSystem}');
    command.push('--master-id', '{targetMasterIdentifierValue}');
  }
  if (plan.driverTimeoutMs) driver.timeoutMs = plan.driverTimeoutMs;
  const out = join(dir, `${plan.role}-driver.json`);
  writeFileSync(out, JSON.stringify(driver, null, 2));
  return out;
}

export interface MatrixRow {
  defect: string;
  kind: 'request' | 'handling' | 'warning only' | 'control';
  role: string;
  exitCode: number;
  verdict: string;
  /** The failing defect groups' requirement ids, one entry per group. */
  failed: string[][];
  /** Requirements with a warning check about them. */
  warned: string[];
  breaks: string[];
  /** The defect showed as it should: one failure about a requirement it breaks; a warning; nothing. */
  caught: boolean;
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: root, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export async function judgeDefect(plan: DefectPlan): Promise<MatrixRow> {
  const dir = mkdtempSync(join(tmpdir(), `nrls-matrix-${plan.defect.name}-`));
  const driver = driverFor(plan, dir);
  const args = ['assure-client', '--role', plan.role, '--driver', driver, '--tags', plan.tags, '--quiet'];
  args.push('--out', join(dir, 'reports'), '--trigger-delay', String(plan.triggerDelayMs));
  const { code, stdout, stderr } = await run(args, { NRLS_CLIENT_DEFECT: plan.defect.name });
  let report: AssuranceRun;
  try {
    report = JSON.parse(readFileSync(join(realpathSync(join(dir, 'reports', 'latest')), 'assurance.json'), 'utf8'));
  } catch {
    throw new Error(`${plan.defect.name}: no report (exit ${code}): ${stderr || stdout}`);
  }
  const failed = report.defects.filter((group) => group.outcome === 'failed').map((group) => group.about);
  const warned = [
    ...new Set(
      report.scenarios.flatMap((scenario) =>
        scenario.steps.flatMap((step) =>
          step.checks.filter((check) => check.name.includes('(warning')).flatMap((check) => check.about),
        ),
      ),
    ),
  ];
  const { defect } = plan;
  const kind = defect.control
    ? 'control'
    : defect.warningOnly
      ? 'warning only'
      : defect.handling
        ? 'handling'
        : 'request';
  const breaksOne = (about: string[]) => about.some((id) => defect.breaks.includes(id));
  const caught =
    kind === 'control'
      ? code === 0 && failed.length === 0
      : kind === 'warning only'
        ? code === 0 && failed.length === 0 && defect.breaks.some((id) => warned.includes(id))
        : code === 1 && failed.length === 1 && breaksOne(failed[0]!);
  return {
    defect: defect.name,
    kind,
    role: plan.role,
    exitCode: code,
    verdict: report.verdict,
    failed,
    warned,
    breaks: defect.breaks,
    caught,
  };
}

/** Every defect's row, a few at a time. */
export async function runDefectMatrix(concurrency = 3): Promise<MatrixRow[]> {
  const only = process.env.MATRIX_ONLY?.split(',');
  const plans = (await loadDefects()).filter((defect) => !only || only.includes(defect.name)).map(planFor);
  const rows: MatrixRow[] = new Array(plans.length);
  let next = 0;
  const worker = async () => {
    while (next < plans.length) {
      const at = next++;
      rows[at] = await judgeDefect(plans[at]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, plans.length) }, worker));
  return rows;
}

export function matrixTable(rows: MatrixRow[]): string {
  const lines = [
    '| Defect | Kind | Role | Caught | Failed requirement (one defect group) | Exit |',
    '|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const shown =
      row.kind === 'control'
        ? 'none (not a 1.2.x defect)'
        : row.kind === 'warning only'
          ? `warning on ${row.breaks.filter((id) => row.warned.includes(id)).join(', ')}`
          : row.failed.map((about) => about.join(', ')).join(' · ') || 'none';
    lines.push(
      `| \`${row.defect}\` | ${row.kind} | ${row.role} | ${row.caught ? 'yes' : '**NO**'} | ${shown} ` +
        `| ${row.exitCode} |`,
    );
  }
  return lines.join('\n');
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const rows = await runDefectMatrix(Number(process.env.MATRIX_CONCURRENCY ?? 3));
  process.stdout.write(`${matrixTable(rows)}\n\n`);
  const missed = rows.filter((row) => !row.caught);
  process.stdout.write(
    `${rows.length - missed.length} of ${rows.length} defects shown as they should be, ` +
      `in ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
  );
  process.exitCode = missed.length === 0 ? 0 : 1;
}
