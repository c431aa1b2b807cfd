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

function plain(cell: string): string {
  return cell.replace(/\*\*/g, '').replace(/`/g, '').replace(/\s+/g, ' ').trim();
}

function summaryOf(cell: string): string {
  const sentence = plain(cell).match(/^(.+?[.:;])(\s|$)/)?.[1] ?? plain(cell);
  return sentence.length > 220 ? `${sentence.slice(0, 217)}…` : sentence;
}

let section = '';
const requirements: object[] = [];
const ambiguities: object[] = [];
for (const line of text.split('\n')) {
  const heading = /^#{2,3} ([\d.]+)\s/.exec(line);
  if (heading) section = `§${heading[1]}`;
  const cells = line.split(' | ').map((cell) => cell.replace(/^\| ?| ?\|$/g, ''));
  const id = /^\| (NRLS-([A-Z]+)-\d{3}) \|/.exec(line);
  if (id) {
    const [, full, family] = id;
    const levelText = plain(cells[1]!);
    const isError = family === 'ERR';
    const statement = isError
      ? `${cells[1]} ${cells[3]} ${cells[4] ? `(${plain(cells[4])})` : ''}: ${cells[5] ?? ''}`
      : cells[2]!;
    requirements.push({
      id: full,
      level: normaliseLevel(levelText, full!),
      levelText,
      summary: isError ? plain(statement).slice(0, 220) : summaryOf(statement),
      area: AREAS[family!],
      section,
      amb: [...new Set(line.match(/AMB-\d\d/g) ?? [])],
    });
  }
  const amb = /^\| (AMB-\d\d) \|/.exec(line);
  if (amb) ambiguities.push({ id: amb[1], topic: plain(cells[1]!), recommendation: summaryOf(cells[3] ?? '') });
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
