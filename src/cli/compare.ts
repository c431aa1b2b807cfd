// `nrls-conformance compare RUN_A RUN_B`: what changed from run A to run B, per requirement and per scenario
// (issue 13, point 2). Text to stdout; --html and --json write the comparison as a page and as its model.
// Exit codes: 0 no regression; 1 a regression (CI gates on it); 2 bad usage or a run that cannot be read.
import { BundleUsageError, readBundle, type ReadBundle } from '../evidence/read-bundle.ts';
import { verifyBundle } from '../evidence/verify-bundle.ts';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { renderComparisonHtml } from '../report/compare-html.ts';
import { CHANGE_KINDS, type Change, compareRuns, type RunComparison, verdictWords } from '../report/compare.ts';
import type { AssuranceRun } from '../report/model.ts';

export const COMPARE_USAGE = `Usage: nrls-conformance compare RUN_A RUN_B [options]

  RUN_A, RUN_B        run folders (holding assurance.json), A the earlier or reference run
  --html FILE         also write the comparison as a self-contained HTML page
  --json FILE         also write the comparison model as JSON
  -h, --help          this text

A regression is a requirement or scenario that got worse from A to B: newly failed or broken,
newly blocked, or no longer run when it had passed.
Exit codes: 0 no regression; 1 a regression; 2 bad usage or a run that cannot be read.
`;

// Not run.ts's EXIT: importing it would load the whole runner for a command that only reads two files.
export const COMPARE_EXIT = { noRegression: 0, regression: 1, usage: 2 } as const;

const say = (line: string) => process.stdout.write(`${line}\n`);
const complain = (line: string) => process.stderr.write(`nrls-conformance compare: ${line}\n`);

/** Bad usage or an unreadable run: its message is the one line the user is shown. */
export class CompareUsageError extends Error {}

/**
 * The assurance model of a bundle, once `verify`'s checks hold: a run compared from a bundle is one a
 * reviewer can trust, so a tampered bundle is refused (one line naming its first problem).
 */
function runOfBundle(path: string): Partial<AssuranceRun> {
  let bundle: ReadBundle;
  try {
    bundle = readBundle(path);
  } catch (error) {
    if (error instanceof BundleUsageError) throw new CompareUsageError(error.message);
    throw error;
  }
  const { problems } = verifyBundle(bundle);
  if (problems.length > 0)
    throw new CompareUsageError(`${path}: not intact (${problems[0]}); nrls-conformance verify says more`);
  const json = bundle.files.get('assurance.json');
  if (!json) throw new CompareUsageError(`${path}: the bundle holds no assurance.json`);
  return JSON.parse(json.toString('utf8')) as Partial<AssuranceRun>;
}

/** The assurance model of a run, from its folder, its assurance.json, or its evidence bundle. */
export function loadRun(path: string): AssuranceRun {
  if (!existsSync(path)) throw new CompareUsageError(`${path}: no such run folder`);
  const isFile = statSync(path).isFile();
  if (isFile && /\.(tar\.gz|tgz)$/.test(path)) return checkedRun(runOfBundle(path), path);
  const file = isFile ? path : join(path, 'assurance.json');
  if (!existsSync(file)) {
    const hint = existsSync(join(path, 'latest', 'assurance.json')) ? ` (did you mean ${join(path, 'latest')}?)` : '';
    throw new CompareUsageError(`${path}: not a run folder (no assurance.json)${hint}`);
  }
  let run: Partial<AssuranceRun>;
  try {
    run = JSON.parse(readFileSync(file, 'utf8')) as Partial<AssuranceRun>;
  } catch (error) {
    throw new CompareUsageError(`${file}: unreadable (${String((error as Error).message).split('\n')[0]})`);
  }
  return checkedRun(run, file);
}

/** A schema-2 assurance model, or one line saying why not. */
function checkedRun(run: Partial<AssuranceRun>, file: string): AssuranceRun {
  if (run?.schemaVersion !== 2)
    throw new CompareUsageError(
      `${file}: schema version ${String(run?.schemaVersion)}, not 2 (rebuild it with nrls-conformance report)`,
    );
  if (!run.run || !Array.isArray(run.requirements) || !Array.isArray(run.scenarios) || !Array.isArray(run.notRun))
    throw new CompareUsageError(`${file}: not an assurance report (no run, requirements, scenarios or notRun)`);
  return run as AssuranceRun;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

function changeLine(change: Change): string {
  const subject =
    change.subject === 'requirement' ? `requirement ${change.id}` : `scenario "${change.name}" (${change.id})`;
  return `  ${subject}: ${change.from} → ${change.to}${change.why ? ` (${change.why})` : ''}`;
}

/** A summary line, the two runs, a warning when they are not like for like, then one line per change. */
export function comparisonLines(comparison: RunComparison): string[] {
  const { a, b } = comparison;
  const all = [...comparison.requirements, ...comparison.scenarios];
  const worse = (subject: Change['subject']) => all.filter((c) => c.regression && c.subject === subject).length;
  const count = (kind: Change['kind']) => all.filter((change) => change.kind === kind).length;
  // New and removed ones mean different harnesses: worth a word in the summary, though never a regression.
  const came = count('new') + count('removed') > 0 ? `, ${count('new')} new, ${count('removed')} removed` : '';
  const fixedPart = `${count('fixed')} fixed${came}`;
  const verdict = `verdict ${a.verdict.toUpperCase()} → ${b.verdict.toUpperCase()}`;
  const lines = [
    comparison.regressions > 0
      ? `REGRESSION: ${plural(comparison.regressions, 'change')} for the worse (${plural(
          worse('requirement'),
          'requirement',
        )}, ${plural(worse('scenario'), 'scenario')}); ${fixedPart}; ${verdict}`
      : `no regression; ${fixedPart}; ${verdict}`,
    `A: run ${a.id} (${a.path}): ${verdictWords(a)}`,
    `B: run ${b.id} (${b.path}): ${verdictWords(b)}`,
  ];
  if (comparison.identityDifferences.length > 0)
    lines.push(
      `warning: the runs differ in more than the results (${comparison.identityDifferences.join('; ')}): ` +
        'some changes below may come from that',
    );
  if (all.length === 0) lines.push('no requirement or scenario changed status');
  for (const [subject, changes] of [
    ['requirements', comparison.requirements],
    ['scenarios', comparison.scenarios],
  ] as const) {
    for (const kind of CHANGE_KINDS) {
      const ofKind = changes.filter((change) => change.kind === kind);
      if (ofKind.length === 0) continue;
      lines.push('', `${subject} ${kind} (${ofKind.length}):`, ...ofKind.map(changeLine));
    }
  }
  return lines;
}

interface Options {
  a: string;
  b: string;
  html?: string;
  json?: string;
}

function parseOptions(argv: string[]): Options | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      html: { type: 'string' },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  if (positionals.length !== 2) throw new CompareUsageError('give two runs, RUN_A and RUN_B; see compare --help');
  return {
    a: positionals[0]!,
    b: positionals[1]!,
    ...(values.html ? { html: values.html } : {}),
    ...(values.json ? { json: values.json } : {}),
  };
}

function writeOutput(file: string, text: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  } catch (error) {
    throw new CompareUsageError(`${file}: cannot write (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

export function runCompareCommand(argv: string[]): number {
  try {
    const options = parseOptions(argv);
    if (options === 'help') {
      process.stdout.write(COMPARE_USAGE);
      return COMPARE_EXIT.noRegression;
    }
    const comparison = compareRuns(loadRun(options.a), loadRun(options.b), { a: options.a, b: options.b });
    // One write: a pipe that closes early (`| head`) then cannot fail a write half way through the list.
    say(comparisonLines(comparison).join('\n'));
    if (options.html) writeOutput(options.html, renderComparisonHtml(comparison));
    if (options.json) writeOutput(options.json, `${JSON.stringify(comparison, null, 2)}\n`);
    return comparison.regressions > 0 ? COMPARE_EXIT.regression : COMPARE_EXIT.noRegression;
  } catch (error) {
    // Ours, or parseArgs's unknown option: one line either way, never a stack trace.
    complain(String((error as Error).message).split('\n')[0]!);
    return COMPARE_EXIT.usage;
  }
}
