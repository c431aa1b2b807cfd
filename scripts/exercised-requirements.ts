// The gate of `npm test` that every testable requirement is exercised, not merely named. The golden run
// (the whole suite against the embedded mock, which follows every row of the catalogue, its
// recommendations included) must give each requirement at a judged level the status "passed" with at
// least one passing check about it, unless not-testable.json records why it cannot be tested over the
// API. A test title naming an id proves nothing; a "passed" status alone can come from a scenario tagged
// with the id whose checks are all about other rows, hence the check count.
// Run: npx tsx scripts/exercised-requirements.ts [ASSURANCE_JSON] [--result FILE]
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NORMATIVE_LEVELS, RECOMMENDATION } from '../src/domain/requirements/basis.ts';
import { type Catalogue, loadCatalogue, loadNotTestableReasons } from '../src/domain/requirements/catalogue.ts';
import type { RequirementRow } from '../src/report/model.ts';

/**
 * The spec's own levels (MUST, SHALL, SHOULD, MAY, INHERITED) and the catalogue's recommendations (MOCK-REC), which the
 * mock follows.
 */
export const EXERCISED_LEVELS: ReadonlySet<string> = new Set([...NORMATIVE_LEVELS, RECOMMENDATION]);

/** Levels with nothing to prove: context in the spec (INFO), text only in unlisted or legacy material (LEGACY). */
export const UNJUDGED_LEVELS: ReadonlySet<string> = new Set(['INFO', 'LEGACY']);

export interface Unexercised {
  id: string;
  level: string;
  summary: string;
  /** What the golden run said instead of "passed with a passing check". */
  why: string;
}

export interface ExercisedResult {
  /** Requirements the gate covers: at a judged level and without a recorded reason. */
  required: number;
  passed: number;
  failures: Unexercised[];
}

/** Judges the golden run's requirement rows; `rows` undefined means there was no run to judge. */
export function judgeExercised(
  catalogue: Catalogue,
  notTestable: Record<string, string>,
  rows: readonly RequirementRow[] | undefined,
): ExercisedResult {
  const byId = new Map((rows ?? []).map((row) => [row.id, row]));
  const failures: Unexercised[] = [];
  let required = 0;
  for (const { id, level, summary } of catalogue.requirements) {
    if (UNJUDGED_LEVELS.has(level) || Object.hasOwn(notTestable, id)) continue;
    required += 1;
    const fail = (why: string) => failures.push({ id, level, summary, why });
    // A level the catalogue gained later must be placed in one set or the other, not pass unseen.
    if (!EXERCISED_LEVELS.has(level)) fail(`level ${level} is neither judged nor known to need no proof`);
    else if (!rows) fail('no golden run to judge it');
    else {
      const row = byId.get(id);
      if (!row) fail('absent from the golden run');
      else if (row.status !== 'passed')
        fail(`${row.status}${row.reason ? ` (${row.reason})` : ''}, ${row.checksPassed} checks passed`);
      else if (row.checksPassed < 1)
        fail('passed, but no check about it passed: a scenario names it and none of its checks proves it');
    }
  }
  return { required, passed: required - failures.length, failures };
}

function main(): number {
  const args = process.argv.slice(2);
  const at = args.indexOf('--result');
  const resultFile = at >= 0 ? args.splice(at, 2)[1] : undefined;
  const runFile = args[0] ?? fileURLToPath(new URL('../reports/golden/latest/assurance.json', import.meta.url));
  let rows: RequirementRow[] | undefined;
  try {
    rows = (JSON.parse(readFileSync(runFile, 'utf8')) as { requirements: RequirementRow[] }).requirements;
  } catch (error) {
    console.log(`✖ no golden run to judge: ${(error as Error).message}`);
  }
  const notTestable = loadNotTestableReasons();
  const result = judgeExercised(loadCatalogue(), notTestable, rows);
  for (const { id, level, summary, why } of result.failures)
    console.log(`✖ ${id} (${level}) not exercised by the golden run: ${why}. ${summary}`);
  const levels = [...EXERCISED_LEVELS].join(', ');
  console.log(
    `requirements exercised by the golden run: ${result.passed} of ${result.required} ` +
      `(${levels}; ${Object.keys(notTestable).length} in not-testable.json left out) passed with at least one ` +
      `passing check`,
  );
  if (resultFile)
    writeFileSync(
      resultFile,
      `${JSON.stringify(
        { passed: result.passed, failed: result.failures.length, failures: result.failures },
        null,
        2,
      )}\n`,
    );
  return result.failures.length === 0 ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main();
