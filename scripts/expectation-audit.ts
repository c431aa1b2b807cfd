// The expectation audit (features/AUDIT.md): for every scenario, or every Examples block of an outline,
// what the catalogue allows (written by hand, kept across regenerations), what the scenario asserts (its
// Then steps) and the basis of each facet its checks judged, as the suite recorded them against the mock.
// `npm run audit` checks the file is true to the suite; `npm run audit -- --write` regenerates it,
// keeping every hand-written cell.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { IdGenerator } from '@cucumber/messages';
import { basisOf, RECOMMENDATION } from '../src/domain/requirements/basis.ts';
import { judgeEmbeddedMock } from '../src/runner/in-process-run.ts';
import { PROJECT_ROOT, loadSuiteSupport } from '../src/runner/run-suite.ts';
import { fixturesWithTwoRecordTypes } from '../src/runner/targets.ts';

export const AUDIT_FILE = join(PROJECT_ROOT, 'features', 'AUDIT.md');
const FEATURES = join(PROJECT_ROOT, 'features');
const TODO = 'TODO: what the catalogue allows';

interface Row {
  /** feature › scenario › Examples block: stable while lines move. */
  key: string;
  requirements: string[];
  asserted: string[];
  /** pickle uri:line ids of the scenarios the row covers. */
  pickles: Set<string>;
}

/** The rows: one per scenario, one per Examples block of an outline, in file order. */
function auditRows(): Row[] {
  const rows: Row[] = [];
  const newId = IdGenerator.incrementing();
  const parser = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher());
  for (const name of readdirSync(FEATURES)
    .filter((file) => file.endsWith('.feature'))
    .sort()) {
    const uri = `features/${name}`;
    const document = parser.parse(readFileSync(join(FEATURES, name), 'utf8'));
    const pickles = compile({ ...document, uri }, uri, newId);
    for (const child of document.feature!.children) {
      const scenario = child.scenario;
      if (!scenario) continue;
      const blocks =
        scenario.examples.length > 0
          ? scenario.examples.map((examples, at) => ({
              label: examples.name || (scenario.examples.length > 1 ? `examples ${at + 1}` : ''),
              ids: new Set(examples.tableBody.map((row) => row.id)),
            }))
          : [{ label: '', ids: undefined }];
      for (const block of blocks) {
        const mine = pickles.filter(
          (pickle) => pickle.astNodeIds[0] === scenario.id && (!block.ids || block.ids.has(pickle.astNodeIds[1]!)),
        );
        const requirements = [
          ...new Set(
            mine.flatMap((pickle) =>
              pickle.tags.map((tag) => /^@(NRLS-[A-Z]+-\d{3})$/.exec(tag.name)?.[1]).filter((id): id is string => !!id),
            ),
          ),
        ];
        const thenAt = scenario.steps.findIndex((step) => step.keyword.trim() === 'Then');
        rows.push({
          key: [name, scenario.name, block.label].filter(Boolean).join(' › '),
          requirements,
          asserted: scenario.steps.slice(thenAt).map((step) => step.text),
          pickles: new Set(mine.map((pickle) => `${uri}:${pickle.location!.line}`)),
        });
      }
    }
  }
  return rows;
}

/** Each pickle's line as the report names scenarios: the line of its Examples row, or of the scenario. */
function pickleIdsOfRun(rows: Row[]): Map<string, Row> {
  const byId = new Map<string, Row>();
  for (const row of rows) for (const id of row.pickles) byId.set(id, row);
  return byId;
}

/** Facets every response has (an answer at all, not a redirect): the same on every row, left out. */
const TRANSPORT_FACETS = new Set(['no redirect', 'a response', 'a complete response']);

const basisLabel = (about: string[], amb: string | undefined) =>
  amb === RECOMMENDATION
    ? 'recommendation'
    : amb
      ? amb
      : about.some((id) => basisOf(id, undefined) === 'spec')
        ? 'spec'
        : 'recommendation';

/** facet name → basis, per row, from a run of the suite against the mock: every check about a tag of the row. */
async function facetBases(rows: Row[]): Promise<Map<string, Map<string, Set<string>>>> {
  const { run } = await judgeEmbeddedMock({
    runId: 'audit',
    support: await loadSuiteSupport(),
    mock: { fixtures: fixturesWithTwoRecordTypes() },
  });
  if (run.verdict !== 'conformant')
    throw new Error(`the suite is not conformant against the mock (${run.verdictReason}): fix that first`);
  // Pickles line up with report ids by their Examples row's line: map the report's ids to rows.
  const rowOf = pickleIdsOfRun(rows);
  const bases = new Map<string, Map<string, Set<string>>>();
  for (const scenario of run.scenarios) {
    const row = rowOf.get(scenario.id);
    if (!row) throw new Error(`the run has a scenario ${scenario.id} no audit row covers`);
    const facets = bases.get(row.key) ?? new Map<string, Set<string>>();
    bases.set(row.key, facets);
    for (const check of scenario.steps.flatMap((step) => step.checks)) {
      if (check.stage !== 'scenario' || !check.about.some((id) => scenario.requirementIds.includes(id))) continue;
      if (TRANSPORT_FACETS.has(check.name)) continue;
      const name = check.name.replace(/pointer \d+/g, 'pointer n').replace(/HTTP \d+/g, 'HTTP nnn');
      facets.set(name, (facets.get(name) ?? new Set()).add(basisLabel(check.about, check.amb)));
    }
  }
  return bases;
}

/** The hand-written "catalogue allows" cells of the file as it is, by row key. */
function handWritten(text: string): Map<string, string> {
  const cells = new Map<string, string>();
  for (const line of text.split('\n')) {
    const cols = line.split(' | ');
    const key = /^\| `([^`]+)`$/.exec(cols[0] ?? '')?.[1];
    if (key && cols.length >= 5) cells.set(key, cols[2]!);
  }
  return cells;
}

const escapeCell = (text: string) => text.replace(/\|/g, '\\|');

export async function renderAudit(previous: string): Promise<string> {
  const rows = auditRows();
  const bases = await facetBases(rows);
  const allows = handWritten(previous);
  const lines = [
    '# Expectation audit',
    '',
    'Every scenario of the suite (every Examples block of an outline) against the catalogue',
    '(`spec/nrls-api-1.2.md`): what the catalogue allows, what the scenario asserts, and the basis of each facet',
    "its checks judge. *spec*: the catalogue's own text at a normative level (MUST, SHALL, SHOULD, MAY,",
    "INHERITED), failing it fails the requirement in any mode. *AMB-nn*: one of the project's choices where",
    'the spec is silent or contradicts itself. *recommendation*: a MOCK-REC row, a text the catalogue only',
    'quotes from legacy material, or a hardening of this project\'s no row asks for ("as this project',
    'recommends"). Under `--spec-only` the last two are advisory. The facets of every response',
    "that prove their own rows (the OperationOutcome's shape, NRLS-OO-001..005; the error table's row of the",
    "code received, NRLS-ERR-nnn; the Bundle's shape, NRLS-SEARCH-013..015; the media type, NRLS-FMT-009) are",
    'listed where the scenario is tagged with those rows.',
    '',
    'The last column is generated from a run of the suite against the mock, with a second record type so that',
    'every scenario runs (`npm run audit -- --write`); the "Catalogue allows" column is written by hand and',
    'kept. `npm test` fails when the file is out of date or a row has no "Catalogue allows".',
    '',
    '| Scenario | Requirements | Catalogue allows | Asserted | Basis of each facet |',
    '|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const facets = [...(bases.get(row.key) ?? new Map()).entries()].map(
      ([name, set]) => `${name}: ${[...set].sort().join(' or ')}`,
    );
    lines.push(
      [
        `| \`${row.key}\``,
        row.requirements.join(', '),
        allows.get(row.key) ?? TODO,
        escapeCell(row.asserted.join('; ')),
        `${escapeCell(facets.join('; '))} |`,
      ].join(' | '),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Rows whose "catalogue allows" cell is still to be written. */
export function unwritten(text: string): string[] {
  return [...handWritten(text).entries()].filter(([, cell]) => cell === TODO).map(([key]) => key);
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { write: { type: 'boolean', default: false } } });
  let previous = '';
  try {
    previous = readFileSync(AUDIT_FILE, 'utf8');
  } catch {
    // No audit yet: every row starts to be written.
  }
  const fresh = await renderAudit(previous);
  if (values.write) {
    writeFileSync(AUDIT_FILE, fresh);
    const todo = unwritten(fresh);
    console.log(
      `wrote ${AUDIT_FILE}` +
        `${todo.length > 0 ? `; ${todo.length} rows still need "catalogue allows": ${todo.join(', ')}` : ''}`,
    );
    return 0;
  }
  const todo = unwritten(fresh);
  if (fresh !== previous)
    console.log(`✖ ${AUDIT_FILE} is out of date: run npm run audit -- --write and review the difference`);
  if (todo.length > 0) console.log(`✖ rows without "catalogue allows": ${todo.join(', ')}`);
  return fresh === previous && todo.length === 0 ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main();
