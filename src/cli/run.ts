// `nrls-conformance run`: the suite against a target (the embedded mock by default), progress per
// scenario, a summary by area and by defect, and the reports. Exit 0 conformant (or, with --tags, every
// selected scenario passed: a partial pass), 1 a requirement failed, 2 configuration error (options, tags,
// profile, or a preflight the target's identities do not pass), 3 target unreachable or harness error;
// each with a one-line reason.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Envelope } from '@cucumber/messages';
import { loadCatalogue, loadNotTestableReasons } from '../domain/requirements/catalogue.ts';
import { buildAssuranceRun } from '../report/build.ts';
import { renderJunit, type JunitGrouping } from '../report/junit.ts';
import type { AssuranceRun } from '../report/model.ts';
import { redactExchange, redactText } from '../report/redact.ts';
import { writeRunReports } from '../report/write.ts';
import { progressPrinter } from '../runner/progress.ts';
import { runIdentity, newRunId } from '../runner/identity.ts';
import { preflight } from '../runner/preflight.ts';
import { probeTarget } from '../runner/probe.ts';
import { type Keep, latestRun, parseKeep, pruneRuns, retentionLine } from '../runner/retention.ts';
import { runSuite } from '../runner/run-suite.ts';
import { SelectionError, selectScenarios, type Selection } from '../runner/selection.ts';
import { startEmbeddedMock, targetForUrl } from '../runner/targets.ts';
import { faultsNamed } from '../../mock-server/faults/index.ts';
import { TargetProfileError, loadTargetProfile, type ResolvedTarget } from '../target/profile.ts';
import {
  TargetImageError,
  checkWait,
  parseTargetEnv,
  startTargetImage,
  type StartedTarget,
  type TargetImageOptions,
} from '../container/target-container.ts';
import { integerOption } from './integer-option.ts';
import { EvidenceKeyError, runSigningKey, type SigningKey } from '../evidence/signing.ts';
import { writeEvidenceBundle } from '../evidence/write-bundle.ts';

/** The requirement (or scenario) JUnit file of a run folder, for CI dashboards (`--junit-by`). */
export const JUNIT_FILE = 'junit.xml';

export const RUN_USAGE = `Usage: nrls-conformance run [options]

  --target FILE|URL   a target profile (see: nrls-conformance init), or the base URL of an NRLS
                      that uses the mock's default identities; default: the embedded mock
  --tags EXPR         a Cucumber tag expression, e.g. "@area-create", "@NRLS-CREATE-013"; a run
                      with --tags is partial: it can pass, never be CONFORMANT
  --spec-only         judge the spec alone: checks resting on our AMB choices or on a mock
                      recommendation are reported as advisory and never change the verdict
  --parallel N        run scenarios in N worker processes (default 0: in this process)
  --out DIR           where run folders are written (default ./reports); DIR/latest is the newest
  --quiet             no line per scenario (the summary is still printed)
  --junit-by MODE     junit.xml in the run folder has one test case per requirement row
                      (requirement, the default) or per scenario (scenario); Cucumber's own
                      cucumber-junit.xml is written beside it as it always was
  --keep N|all        after the reports are written, keep the newest N run folders in DIR
                      (default 20) and remove older ones; never the run DIR/latest points to,
                      never a folder that is not a run's; all: remove nothing
  --fault NAME        make the embedded mock break one rule on purpose (repeatable; see
                      mock-server/faults/index.ts); only without --target
  --target-image IMG  start this container image (testcontainers; needs Docker or podman) and
                      judge it; with --target FILE, the profile's identities and path are used
  --target-port N     the port the image's service listens on (default 8080)
  --target-env K=V    an environment variable for the container (repeatable)
  --target-wait W     when the container is ready: http:/PATH (any HTTP answer there, default
                      http:/) or log:TEXT (a log line containing TEXT)
  --target-timeout S  seconds to wait for it to be ready (default 60)
  -h, --help          this text

Exit codes: 0 conformant, or every selected scenario passed (partial); 1 a requirement failed;
2 configuration error (an option, the tags, the profile, or the target refusing the profile's
identities); 3 target unreachable or harness error.

Every run also writes evidence.tar.gz into its folder: its files and a manifest of their SHA-256,
signed with the Ed25519 key (PEM) of the profile's evidenceSigningKey, or else of the environment
variable NRLS_EVIDENCE_SIGNING_KEY, when one is given, hash-chained otherwise; check it with
nrls-conformance verify.
`;

export const EXIT = { passed: 0, failures: 1, configuration: 2, unreachable: 3 } as const;

const say = (line: string) => process.stdout.write(`${line}\n`);
const complain = (line: string) => process.stderr.write(`nrls-conformance run: ${line}\n`);

const COLUMNS = ['passed', 'failed', 'blocked', 'broken', 'advisory'] as const;

export function summaryTable(run: AssuranceRun): string[] {
  const total = (tally: AssuranceRun['scenarioTotals']) =>
    COLUMNS.reduce((sum, column) => sum + tally[column], tally.skipped);
  const rows = run.areas.map((area) => [area.area, total(area), ...COLUMNS.map((column) => area[column])]);
  rows.push(['total', total(run.scenarioTotals), ...COLUMNS.map((column) => run.scenarioTotals[column])]);
  const header = ['area', 'scenarios', ...COLUMNS];
  const widths = header.map((title, at) => Math.max(title.length, ...rows.map((row) => String(row[at]).length)));
  const line = (cells: (string | number)[]) =>
    cells
      .map((cell, at) => (at === 0 ? String(cell).padEnd(widths[at]!) : String(cell).padStart(widths[at]!)))
      .join('  ');
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)];
}

/**
 * One line per defect: the check that failed, the requirements it is about, and how many scenarios it failed or
 * blocked.
 */
export function defectLines(run: AssuranceRun, limit = 15): string[] {
  const lines = run.defects.slice(0, limit).map((defect) => {
    const reach = [
      defect.failedScenarios.length > 0
        ? `failed ${defect.failedScenarios.length} scenario${defect.failedScenarios.length === 1 ? '' : 's'}`
        : '',
      defect.blockedScenarios.length > 0 ? `blocked ${defect.blockedScenarios.length}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    const basis = defect.basis === 'mock-rec' ? ' (recommendation)' : defect.amb ? ` (${defect.amb})` : '';
    const mark = defect.outcome === 'advisory' ? 'advisory' : defect.kind === 'conformance' ? 'defect' : defect.kind;
    return (
      `  ${defect.id} ${mark} ${defect.about.join(', ')}: ${defect.name}${basis}: expected ${defect.expected}; ` +
      `actual ${defect.actual.replace(/\s+/g, ' ').slice(0, 160)}; ${reach}`
    );
  });
  if (run.defects.length > limit) lines.push(`  … and ${run.defects.length - limit} more in the report`);
  return lines;
}

export function verdictLine(run: AssuranceRun): string {
  if (run.verdict === 'partial') return `verdict: PASSED (${run.verdictReason})`;
  return `verdict: ${run.verdict.toUpperCase()}: ${run.verdictReason}`;
}

interface Options {
  target?: string;
  tags: string;
  specOnly: boolean;
  parallel: number;
  out: string;
  quiet: boolean;
  junitBy: JunitGrouping;
  keep: Keep;
  fault: string[];
  image?: TargetImageOptions;
}

function parseOptions(argv: string[]): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      target: { type: 'string' },
      tags: { type: 'string', default: '' },
      'spec-only': { type: 'boolean', default: false },
      parallel: { type: 'string', default: '0' },
      out: { type: 'string', default: 'reports' },
      quiet: { type: 'boolean', default: false },
      'junit-by': { type: 'string', default: 'requirement' },
      keep: { type: 'string' },
      fault: { type: 'string', multiple: true, default: [] },
      'target-image': { type: 'string' },
      'target-port': { type: 'string', default: '8080' },
      'target-env': { type: 'string', multiple: true, default: [] },
      'target-wait': { type: 'string', default: 'http:/' },
      'target-timeout': { type: 'string', default: '60' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const junitBy = values['junit-by'];
  if (junitBy !== 'requirement' && junitBy !== 'scenario')
    throw new Error(`--junit-by must be requirement or scenario, not "${junitBy}"`);
  if (values.fault.length > 0 && values.target) {
    throw new Error(
      '--fault applies to the embedded mock; start a faulty mock with `nrls-conformance mock --fault NAME` to ' +
        'judge it over --target',
    );
  }
  const imageOnly = ['target-env', 'target-wait', 'target-port', 'target-timeout'].find((name) =>
    argv.some((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`)),
  );
  if (imageOnly && !values['target-image']) throw new Error(`--${imageOnly} applies to --target-image`);
  let image: TargetImageOptions | undefined;
  if (values['target-image']) {
    if (values.fault.length > 0) throw new Error('--fault applies to the embedded mock, not to --target-image');
    if (values.target && /^https?:\/\//.test(values.target))
      throw new Error(
        '--target-image gives the address; --target with it may only be a profile FILE (for its identities)',
      );
    checkWait(values['target-wait']);
    image = {
      image: values['target-image'],
      port: integerOption('target-port', values['target-port'], 8080, 1, 65535),
      env: parseTargetEnv(values['target-env']),
      wait: values['target-wait'],
      startupTimeoutMs: integerOption('target-timeout', values['target-timeout'], 60, 1, 3600) * 1000,
    };
  }
  return {
    target: values.target,
    tags: values.tags,
    specOnly: values['spec-only'],
    parallel: integerOption('parallel', values.parallel, 0, 0, 32),
    out: values.out,
    quiet: values.quiet,
    junitBy,
    keep: parseKeep(values.keep),
    fault: values.fault,
    ...(image ? { image } : {}),
  };
}

export async function runRunCommand(argv: string[]): Promise<number> {
  let options: Options | 'help';
  let faults;
  try {
    options = parseOptions(argv);
    if (options === 'help') {
      process.stdout.write(RUN_USAGE);
      return EXIT.passed;
    }
    faults = faultsNamed(options.fault);
  } catch (error) {
    complain((error as Error).message);
    return EXIT.configuration;
  }
  if (options.image) return judgeImage(options, options.image);
  let target: ResolvedTarget;
  let stopMock: (() => Promise<void>) | undefined;
  try {
    if (!options.target) {
      const embedded = await startEmbeddedMock({ faults });
      target = embedded.target;
      stopMock = embedded.stop;
    } else if (/^https?:\/\//.test(options.target)) {
      target = targetForUrl(options.target);
    } else {
      target = loadTargetProfile(options.target);
    }
  } catch (error) {
    if (error instanceof TargetProfileError) {
      complain(`bad target profile: ${error.message}`);
      return EXIT.configuration;
    }
    complain(`cannot start the embedded mock: ${(error as Error).message}`);
    return EXIT.unreachable;
  }
  for (const warning of target.warnings ?? []) complain(`warning: ${warning}`);
  try {
    return await judgeTarget(options, target);
  } finally {
    await stopMock?.();
  }
}

/**
 * --target-image: the container started, judged (with a profile's identities, or the mock's defaults),
 * its log saved in the run folder, and stopped whatever happens, Ctrl-C included.
 */
async function judgeImage(options: Options, image: TargetImageOptions): Promise<number> {
  let profile: ResolvedTarget | undefined;
  try {
    profile = options.target ? loadTargetProfile(options.target) : undefined;
  } catch (error) {
    if (!(error instanceof TargetProfileError)) throw error;
    complain(`bad target profile: ${error.message}`);
    return EXIT.configuration;
  }
  say(`nrls-conformance: starting ${image.image} (port ${image.port}, ready at ${image.wait})`);
  let started: StartedTarget;
  try {
    started = await startTargetImage(image);
  } catch (error) {
    const lines = error instanceof TargetImageError ? error.lastLogLines : [];
    complain(
      `${(error as Error).message}` +
        `${lines.length > 0 ? `; its last log lines:\n${lines.map((line) => `  ${line}`).join('\n')}` : ''}`,
    );
    return EXIT.unreachable;
  }
  const interrupted = () => void started.stop().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const path = profile ? new URL(profile.baseUrl).pathname.replace(/\/+$/, '') : '';
    const base = targetForUrl(`${started.baseUrl}${path}`, `${image.image} (container)`);
    const envSecrets = Object.entries(image.env)
      .filter(([, value]) => value.length >= 8)
      .map(([name, value]) => ({ name: `target-env.${name}`, value }));
    const target: ResolvedTarget = profile
      ? {
          ...profile,
          name: `${image.image} (container)`,
          baseUrl: base.baseUrl,
          secrets: [...profile.secrets, ...envSecrets],
        }
      : { ...base, secrets: [...base.secrets, ...envSecrets] };
    return await judgeTarget(options, target, (outDir) => {
      writeFileSync(join(outDir, 'container.log'), redactText(started.logs(), target.secrets));
    });
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await started.stop();
  }
}

async function judgeTarget(
  options: Options,
  target: ResolvedTarget,
  keepEvidence?: (outDir: string) => void,
): Promise<number> {
  let selection: Selection;
  try {
    selection = selectScenarios(options.tags, target);
  } catch (error) {
    if (!(error instanceof SelectionError)) throw error;
    complain(error.message);
    return EXIT.configuration;
  }
  let signingKey: SigningKey | undefined;
  try {
    signingKey = runSigningKey(target.evidenceSigningKey);
  } catch (error) {
    if (!(error instanceof EvidenceKeyError)) throw error;
    complain(`evidence signing key: ${error.message}`);
    return EXIT.configuration;
  }
  const unreachable = await probeTarget(target);
  if (unreachable) {
    complain(`target unreachable: ${target.baseUrl}: ${unreachable}`);
    return EXIT.unreachable;
  }
  const runId = newRunId(new Date());
  const outDir = resolve(options.out, runId);
  mkdirSync(outDir, { recursive: true });
  let exit: number;
  try {
    exit = await judgeInto(options, target, selection, outDir, runId);
  } finally {
    keepEvidence?.(outDir);
  }
  return sealRun(outDir, exit, signingKey, options.fault);
}

/** The evidence bundle, last, so that it holds every file of the folder (issue 13, point 1). */
export function sealRun(outDir: string, exit: number, signingKey: SigningKey | undefined, faults: string[]): number {
  try {
    const bundle = writeEvidenceBundle(outDir, { signingKey, faults });
    if (bundle)
      say(
        `evidence: ${bundle.path} (${bundle.signedBy ? `signed by ${bundle.signedBy}` : 'unsigned, hash-chained'}; ` +
          `check with: nrls-conformance verify)`,
      );
    return exit;
  } catch (error) {
    complain(`cannot write the evidence bundle: ${(error as Error).message}`);
    return exit === EXIT.passed ? EXIT.unreachable : exit;
  }
}

async function judgeInto(
  options: Options,
  target: ResolvedTarget,
  selection: Selection,
  outDir: string,
  runId: string,
): Promise<number> {
  const checked = await preflight(target);
  writeFileSync(
    join(outDir, 'preflight.json'),
    `${JSON.stringify(
      checked.exchanges.map((exchange) => redactExchange(exchange, target.secrets)),
      null,
      2,
    )}\n`,
  );
  if (!checked.ok) {
    // The problem quotes the target's diagnostics, which may echo a secret (a requesting_user, say).
    complain(
      `${checked.unreachable ? 'target unreachable' : 'preflight'}: ` +
        `${redactText(checked.problem, target.secrets)} (exchanges in ${join(outDir, 'preflight.json')})`,
    );
    return checked.unreachable ? EXIT.unreachable : EXIT.configuration;
  }
  say(
    `nrls-conformance: judging ${target.name} (${target.baseUrl}): ${selection.selected.length} ` +
      `of ${selection.total} scenarios${options.tags ? ` (tags ${options.tags})` : ''}` +
      `${options.specOnly ? ', on the spec alone (--spec-only)' : ''}`,
  );
  const envelopes: Envelope[] = [];
  const progress = progressPrinter(say, () => selection.selected.length);
  const startedAt = new Date();
  try {
    await runSuite({
      target,
      tags: options.tags,
      specOnly: options.specOnly,
      parallel: options.parallel,
      outDir,
      onEnvelope: (envelope) => {
        envelopes.push(envelope);
        if (!options.quiet) progress(envelope);
      },
    });
  } catch (error) {
    complain(`the suite could not run: ${(error as Error).message}`);
    return EXIT.unreachable;
  }
  const run = buildAssuranceRun(envelopes, {
    identity: runIdentity({
      runId,
      target,
      embeddedMock: !options.target && !options.image,
      startedAt,
      finishedAt: new Date(),
      tagFilter: selection.effective,
      userTags: options.tags,
      specOnly: options.specOnly,
      parallel: options.parallel,
    }),
    catalogue: loadCatalogue(),
    notTestable: loadNotTestableReasons(),
    secrets: target.secrets,
  });
  // Written before the reports, so that writeRunReports's scrub of the folder covers it too.
  const junit = join(outDir, JUNIT_FILE);
  writeFileSync(junit, renderJunit(run, options.junitBy));
  const written = writeRunReports(run, outDir, target.secrets);
  say('');
  for (const line of summaryTable(run)) say(line);
  if (run.defects.length > 0) {
    say('');
    say(`defects (each a failing check, however many scenarios it reached):`);
    for (const line of defectLines(run)) say(line);
  }
  const r = run.requirementTotals;
  say('');
  say(
    `requirements: ${r.passed} passed, ${r.failed} failed, ${r.blocked} blocked, ${r.broken} ` +
      `broken, ${r.advisory} advisory, ${r['not run']} not run, ${r['not testable']} not testable`,
  );
  say(verdictLine(run));
  const { cleanup } = run;
  say(
    `cleanup: ${cleanup.deleted} pointers the scenarios created were deleted${
      cleanup.left.length > 0
        ? `; ${cleanup.left.length} could not be and remain on the target (listed in the report)`
        : ''
    }`,
  );
  // Only now, with this run's reports on disk: a run that dies earlier never removes an older one.
  const runsDir = resolve(options.out);
  const pruned = pruneRuns(runsDir, options.keep, { latest: latestRun(runsDir) ?? runId });
  say(retentionLine(runsDir, options.keep, pruned));
  return reportedExit(run, { ...written, junit: `${junit} (by ${options.junitBy})` }, say, complain);
}

/** The report paths, and the exit code of the verdict (run and assure-client alike). */
export function reportedExit(
  run: AssuranceRun,
  written: { html: string; json: string; junit?: string },
  say: (line: string) => void,
  complain: (line: string) => void,
): number {
  say(`reports: ${written.html}`);
  if (written.junit) say(`         ${written.junit}`);
  say(`         ${written.json} (and Cucumber's html, junit, json and messages in the same folder)`);
  if (run.verdict === 'not conformant') return EXIT.failures;
  if (run.verdict === 'incomplete') {
    complain(`${run.scenarioTotals.broken} scenarios could not be judged; see the report`);
    return EXIT.unreachable;
  }
  return EXIT.passed;
}
