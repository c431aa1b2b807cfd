// Regenerates src/domain/requirements/catalogue.json from the behaviour catalogue
// (spec/nrls-api-1.2.md of this project by default). Run: npx tsx scripts/extract-requirements.ts [SPEC]
// The output is committed, so nothing else needs to parse the spec file at run time.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const specPath = process.argv[2] ?? fileURLToPath(new URL('../spec/nrls-api-1.2.md', import.meta.url));
const outPath = fileURLToPath(new URL('../src/domain/requirements/catalogue.json', import.meta.url));
const text = readFileSync(specPath, 'utf8');

const AREAS: Record<string, string> = {
  GEN: 'general',
  FMT: 'content-negotiation',
  HDR: 'headers',
  OO: 'operation-outcome',
  CREATE: 'create',
  SUPERSEDE: 'supersede',
  SEARCH: 'search',
  DELETE: 'delete',
  UNSUP: 'unsupported',
  ERR: 'errors',
  PROF: 'create',
  JWT: 'jwt',
  AUTHZ: 'authorisation',
  SEC: 'transport',
  LIFE: 'lifecycle',
  ID: 'lifecycle',
  NHS: 'search',
  ODS: 'create',
  ASSURE: 'assurance',
};

/** The level a row is judged at: a testable keyword wins over INFO or MOCK-REC in a combined cell. */
function normaliseLevel(raw: string, id: string): string {
  if (/^\d{3}/.test(raw)) {
    // Error-catalogue rows give an HTTP status instead of a level.
    if (id === 'NRLS-ERR-016') return 'LEGACY';
    if (id === 'NRLS-ERR-015' || id === 'NRLS-ERR-017') return 'MOCK-REC';
    return 'MUST';
  }
  for (const level of ['MUST', 'SHALL', 'SHOULD']) if (raw.includes(level)) return level;
  for (const level of ['INHERITED', 'MOCK-REC', 'LEGACY', 'MAY', 'INFO']) if (raw.includes(level)) return level;
  throw new Error(`${id}: unrecognised level "${raw}"`);
}

/**
 * A cell as plain text: markdown emphasis and code marks go, escaped pipes become pipes. Emphasis is only
 * stripped around words (`*Spine message UUID*`), never from a glob like `create-response.*`.
 */
function plain(cell: string): string {
  return cell
    .replace(/\\\|/g, '|')
    .replace(/\*\*/g, '')
    .replace(/(^|[\s(="'])\*(?=\S)([^*]*?\S)\*(?=$|[\s).,:;"'])/g, '$1$2')
    .replace(/`/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const given = (cell: string | undefined) => (cell && plain(cell) !== '—' ? plain(cell) : '');

/**
 * The whole requirement a row states (issue 13: a summary cut at the first colon lost "Default format: …"), put
 * together from the columns its table has: a requirement or guidance; a violation and its result (and the
 * legacy hint); a JWT check and its diagnostics; an error row's status, codes, diagnostics and raisers.
 */
function statementOf(columns: string[], cells: string[]): string {
  const cell = (name: string) => given(cells[columns.indexOf(name)]);
  const joined = (...parts: string[]) => parts.filter(Boolean).join(' ');
  if (columns.includes('Requirement')) return cell('Requirement');
  if (columns.includes('Guidance')) return cell('Guidance');
  if (columns.includes('Violation')) {
    const hint = cell('Legacy/RI diagnostics hint');
    return joined(`${cell('Violation')}: ${cell('Result')}.`, hint && `Diagnostics hint: ${hint}`);
  }
  if (columns.includes('Check'))
    return joined(`${cell('Check')}.`, cell('Diagnostics') && `Diagnostics: ${cell('Diagnostics')}`);
  if (columns.includes('HTTP')) {
    const display = cell('Display');
    return joined(
      `${cell('HTTP')} ${cell('Spine code')}${display ? ` (${display})` : ''}: ${cell('Diagnostics (template)')}`,
      `(issue code ${cell('issue code')}; raised by ${cell('Raised by')})`,
    );
  }
  throw new Error(`a requirement row under an unknown table header: ${columns.join(' | ')}`);
}

const cellsOf = (line: string) => line.split(' | ').map((cell) => cell.replace(/^\| ?| ?\|$/g, ''));

let section = '';
let columns: string[] = [];
let previous = '';
const requirements: { summary: string }[] = [];
const ambiguities: object[] = [];
/** A requirement whose text ends in a colon goes on in the table after it (NRLS-LIFE-006's transitions). */
let continued: { summary: string } | undefined;
for (const line of text.split('\n')) {
  const heading = /^#{2,3} ([\d.]+)\s/.exec(line);
  if (heading) section = `§${heading[1]}`;
  // A table's header is the row above its |---| line.
  if (/^\|(\s*-+\s*\|)+\s*$/.test(line)) {
    columns = cellsOf(previous).map(plain);
    if (columns[0] === 'ID') continued = undefined;
  }
  previous = line;
  const cells = cellsOf(line);
  if (continued && columns[0] !== 'ID' && plain(cells[0]!) !== 'ID' && /^\| /.test(line) && !/^\|\s*-/.test(line)) {
    const row = cells.map(given).filter(Boolean).join(', ');
    continued.summary += continued.summary.endsWith(':') ? ` ${row}` : `; ${row}`;
  }
  const id = /^\| (NRLS-([A-Z]+)-\d{3}) \|/.exec(line);
  if (id) {
    const [, full, family] = id;
    const levelText = plain(cells[1]!);
    const requirement = {
      id: full,
      level: normaliseLevel(levelText, full!),
      levelText,
      summary: statementOf(columns, cells),
      area: AREAS[family!],
      section,
      amb: [...new Set(line.match(/AMB-\d\d/g) ?? [])],
    };
    requirements.push(requirement);
    continued = requirement.summary.endsWith(':') ? requirement : undefined;
  }
  const amb = /^\| (AMB-\d\d) \|/.exec(line);
  if (amb) ambiguities.push({ id: amb[1], topic: plain(cells[1]!), recommendation: plain(cells[3] ?? '') });
}

writeFileSync(
  outPath,
  `${JSON.stringify(
    {
      spec: 'NRLS FHIR API 1.2.1-beta with the 1.2.3 clarifications',
      source: 'nrls-api-1.2.md',
      requirements,
      ambiguities,
    },
    null,
    2,
  )}\n`,
);
console.log(`${requirements.length} requirements, ${ambiguities.length} ambiguities → ${outPath}`);
