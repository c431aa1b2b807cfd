// `nrls-conformance judge DIR`: the client assurance report from a recording (`mock --record DIR`): every
// recorded request re-judged by the client rules, written as assurance.json, assurance.html and
// junit.xml (by requirement) into RUN_DIR. Exit codes as for `run`: 0 conformant, 1 a requirement
// failed, 2 bad usage or not a recording, 3 incomplete (a rule of the role was never exercised).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ClientRole } from '../client-assurance/recorded-exchange.ts';
import { RecordingError, readRecording, type Recording } from '../client-assurance/recording.ts';
import { buildClientAssuranceRun } from '../client-assurance/report.ts';
import { CLIENT_RULES, judgeRequest } from '../client-assurance/rules.ts';
import { loadCatalogue } from '../domain/requirements/catalogue.ts';
import { renderJunit } from '../report/junit.ts';
import type { AssuranceRun, RunIdentity } from '../report/model.ts';
import { writeRunReports } from '../report/write.ts';
import { harnessCommit, packageInfo } from '../runner/package-info.ts';
import { newRunId } from '../runner/identity.ts';
import { EXIT } from './run.ts';

export const JUDGE_USAGE = `Usage: nrls-conformance judge DIR [options]

  DIR                 a recording: the folder of \`nrls-conformance mock --record DIR\`
                      (recording.json and exchanges.ndjson)
  --role ROLE         provider or consumer: judge the requests of the systems of that role
                      against that role's rules (default: every request, every rule)
  --asid ASID         judge only the requests whose fromASID is ASID (12 digits); its role
                      comes from the recording's directory unless --role is given
  --out RUN_DIR       where the reports are written (default DIR/report)
  -h, --help          this text

Exit codes: 0 conformant; 1 a requirement failed; 2 bad usage or not a recording;
3 incomplete (a core rule of the role was never exercised, or nothing to judge).
`;

const say = (line: string) => process.stdout.write(`${line}\n`);
const complain = (line: string) => process.stderr.write(`nrls-conformance judge: ${line}\n`);

interface Options {
  dir: string;
  role?: ClientRole;
  asid?: string;
  out: string;
}

function parseOptions(argv: string[]): Options | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      asid: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  if (positionals.length !== 1) throw new Error('give one recording folder (DIR); see judge --help');
  const role = values.role;
  if (role !== undefined && role !== 'provider' && role !== 'consumer')
    throw new Error(`--role "${role}": must be provider or consumer`);
  if (values.asid !== undefined && !/^\d{12}$/.test(values.asid))
    throw new Error(`--asid "${values.asid}": must be 12 digits`);
  const dir = positionals[0]!;
  return {
    dir,
    ...(role ? { role } : {}),
    ...(values.asid ? { asid: values.asid } : {}),
    out: values.out ?? join(dir, 'report'),
  };
}

function identityOf(recording: Recording, runId: string): RunIdentity {
  const pkg = packageInfo();
  const catalogue = loadCatalogue();
  const last = recording.exchanges.at(-1);
  const startedAt = recording.meta.startedAt;
  const finishedAt = last
    ? new Date(Date.parse(last.receivedAt) + Math.max(0, last.durationMs ?? 0)).toISOString()
    : startedAt;
  return {
    id: runId,
    harness: { name: pkg.name, version: pkg.version, commit: harnessCommit() },
    spec: { name: catalogue.spec, catalogue: catalogue.source },
    target: { name: 'client systems, as recorded by the mock', baseUrl: recording.meta.baseUrl, embeddedMock: false },
    startedAt,
    finishedAt,
    durationMs: Math.max(0, Date.parse(finishedAt) - Date.parse(startedAt)) || 0,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    tagFilter: '',
    userTags: '',
    specOnly: false,
    parallel: 0,
  };
}

function verdictLine(run: AssuranceRun): string {
  return `verdict: ${run.verdict.toUpperCase()}: ${run.verdictReason}`;
}

export function runJudgeCommand(argv: string[]): number {
  let options: Options | 'help';
  let recording: Recording;
  try {
    options = parseOptions(argv);
    if (options === 'help') {
      process.stdout.write(JUDGE_USAGE);
      return EXIT.passed;
    }
    recording = readRecording(options.dir);
  } catch (error) {
    // Bad options (parseArgs's or ours), a folder that is not a recording, a malformed line: one line each.
    complain(error instanceof RecordingError ? error.message : String((error as Error).message).split('\n')[0]!);
    return EXIT.configuration;
  }
  const runId = newRunId(new Date());
  const run = buildClientAssuranceRun({
    exchanges: recording.exchanges,
    lines: recording.lines,
    directory: recording.meta.directory,
    rules: CLIENT_RULES,
    judge: judgeRequest,
    catalogue: loadCatalogue(),
    identity: identityOf(recording, runId),
    recording: {
      dir: options.dir,
      recordedBy: `${recording.meta.harness.name} ${recording.meta.harness.version}`,
    },
    ...(options.role ? { role: options.role } : {}),
    ...(options.asid ? { asid: options.asid } : {}),
  });
  const outDir = resolve(options.out);
  mkdirSync(outDir, { recursive: true });
  const junit = join(outDir, 'junit.xml');
  writeFileSync(junit, renderJunit(run, 'requirement'));
  const written = writeRunReports(run, outDir, [], { pointLatest: false });
  const r = run.requirementTotals;
  say(
    `nrls-conformance: judged ${run.scenarios.length} of ${recording.exchanges.length} recorded requests` +
      `${run.run.client?.role ? ` against the ${run.run.client.role} rules` : ''}` +
      `${options.asid ? ` (fromASID ${options.asid})` : ''}`,
  );
  for (const defect of run.defects.slice(0, 15))
    say(
      `  ${defect.id} ${defect.outcome === 'failed' ? 'defect' : 'advisory'} ${defect.about.join(', ')}: ` +
        `${defect.name}: ${defect.actual.replace(/\s+/g, ' ').slice(0, 160)}; ` +
        `requests ${defect.failedScenarios.map((id) => id.replace('exchange-', '#')).join(', ')}`,
    );
  say(`requirements: ${r.passed} passed, ${r.failed} failed, ${r.advisory} advisory, ${r['not run']} not run`);
  say(verdictLine(run));
  say(`reports: ${written.html}`);
  say(`         ${written.json}`);
  say(`         ${junit}`);
  if (run.verdict === 'not conformant') return EXIT.failures;
  if (run.verdict === 'incomplete' || run.verdict === 'partial') return EXIT.unreachable;
  return EXIT.passed;
}
