// `nrls-conformance run`: the suite against a target (the embedded mock by default), progress per
// scenario, a summary by area, and the reports. Exit 0 all passed, 1 conformance failures,
// 2 configuration error, 3 target unreachable or harness error; each with a one-line reason.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Envelope } from '@cucumber/messages';
import { loadCatalogue, loadNotTestableReasons } from '../domain/requirements/catalogue.ts';
import { buildAssuranceRun } from '../report/build.ts';
import type { AssuranceRun } from '../report/model.ts';
import { writeRunReports } from '../report/write.ts';
import { progressPrinter } from '../runner/progress.ts';
import { runIdentity, newRunId } from '../runner/identity.ts';
import { probeTarget } from '../runner/probe.ts';
import { PROJECT_ROOT, effectiveTags, runSuite } from '../runner/run-suite.ts';
import { startEmbeddedMock, targetForUrl } from '../runner/targets.ts';
import { faultsNamed } from '../../mock-server/fault-names.ts';
import { TargetProfileError, loadTargetProfile, type ResolvedTarget } from '../target/profile.ts';
import { integerOption } from './integer-option.ts';

export const RUN_USAGE = `Usage: nrls-conformance run [options]

  --target FILE|URL   a target profile (see: nrls-conformance init), or the base URL of an NRLS
                      that uses the mock's default identities; default: the embedded mock
  --tags EXPR         a Cucumber tag expression, e.g. "@area-create", "not @AMB"
  --parallel N        run scenarios in N worker processes (default 0: in this process)
  --out DIR           where run folders are written (default reports/); DIR/latest is the newest
  --quiet             no line per scenario (the summary is still printed)
  --fault NAME        make the embedded mock break one rule on purpose (repeatable; see
                      mock-server/faults.ts); only without --target
  -h, --help          this text

Exit codes: 0 all passed, 1 conformance failures, 2 configuration error, 3 target unreachable or
harness error.
`;

export const EXIT = { passed: 0, failures: 1, configuration: 2, unreachable: 3 } as const;

const say = (line: string) => process.stdout.write(`${line}\n`);
const complain = (line: string) => process.stderr.write(`nrls-conformance run: ${line}\n`);

function summaryTable(run: AssuranceRun): string[] {
  const rows = run.areas.map((area) => [area.area, area.passed + area.failed + area.broken + area.skipped, area.passed, area.failed, area.broken]);
  const total = run.scenarioTotals;
  rows.push(['total', total.passed + total.failed + total.broken + total.skipped, total.passed, total.failed, total.broken]);
  const header = ['area', 'scenarios', 'passed', 'failed', 'broken'];
  const widths = header.map((title, at) => Math.max(title.length, ...rows.map((row) => String(row[at]).length)));
  const line = (cells: (string | number)[]) => cells.map((cell, at) => (at === 0 ? String(cell).padEnd(widths[at]!) : String(cell).padStart(widths[at]!))).join('  ');
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)];
}

export async function runRunCommand(argv: string[]): Promise<number> {
  let options;
  try {
    ({ values: options } = parseArgs({
      args: argv,
      strict: true,
      options: {
        target: { type: 'string' },
        tags: { type: 'string', default: '' },
        parallel: { type: 'string', default: '0' },
        out: { type: 'string', default: join(PROJECT_ROOT, 'reports') },
        quiet: { type: 'boolean', default: false },
        fault: { type: 'string', multiple: true, default: [] },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    complain((error as Error).message);
    return EXIT.configuration;
  }
  if (options.help) {
    process.stdout.write(RUN_USAGE);
    return EXIT.passed;
  }
  let parallel: number;
  try {
    parallel = integerOption('parallel', options.parallel, 0, 0, 32);
  } catch (error) {
    complain((error as Error).message);
    return EXIT.configuration;
  }

  if (options.fault.length > 0 && options.target) {
    complain('--fault applies to the embedded mock; start a faulty mock with `nrls-conformance mock --fault NAME` to judge it over --target');
    return EXIT.configuration;
  }
  let faults;
  try {
    faults = faultsNamed(options.fault);
  } catch (error) {
    complain((error as Error).message);
    return EXIT.configuration;
  }
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

  try {
    const unreachable = await probeTarget(target);
    if (unreachable) {
      complain(`target unreachable: ${target.baseUrl}: ${unreachable}`);
      return EXIT.unreachable;
    }
    const runId = newRunId(new Date());
    const outDir = resolve(options.out, runId);
    mkdirSync(outDir, { recursive: true });
    say(`nrls-conformance: judging ${target.name} (${target.baseUrl})${options.tags ? ` with tags ${options.tags}` : ''}`);
    const envelopes: Envelope[] = [];
    let planned = 0;
    const progress = progressPrinter(say, () => planned);
    const startedAt = new Date();
    let success: boolean;
    try {
      ({ success } = await runSuite({
        target,
        tags: options.tags,
        parallel,
        outDir,
        onEnvelope: (envelope) => {
          envelopes.push(envelope);
          if (envelope.testCase) planned += 1;
          if (!options.quiet) progress(envelope);
        },
      }));
    } catch (error) {
      complain(`the suite could not run: ${(error as Error).message}`);
      return EXIT.unreachable;
    }
    const finishedAt = new Date();
    const run = buildAssuranceRun(envelopes, {
      identity: runIdentity({ runId, target, embeddedMock: !options.target, startedAt, finishedAt, tagFilter: effectiveTags(options.tags, target), parallel }),
      catalogue: loadCatalogue(),
      notTestable: loadNotTestableReasons(),
      secrets: target.secrets,
    });
    const written = writeRunReports(run, outDir, target.secrets);
    say('');
    for (const line of summaryTable(run)) say(line);
    const r = run.requirementTotals;
    say('');
    say(`requirements: ${r.passed} passed, ${r.failed} failed, ${r.broken} broken, ${r['not run']} not run, ${r['not testable']} not testable`);
    say(`verdict: ${run.verdict.toUpperCase()}: ${run.verdictReason}`);
    say(`reports: ${written.html}`);
    say(`         ${written.json} (and Cucumber's html, junit, json and messages in the same folder)`);
    if (run.scenarioTotals.broken > 0) {
      complain(`${run.scenarioTotals.broken} scenarios could not be judged; see the report`);
      return EXIT.unreachable;
    }
    if (!success || run.scenarioTotals.failed > 0) return EXIT.failures;
    return EXIT.passed;
  } finally {
    await stopMock?.();
  }
}
