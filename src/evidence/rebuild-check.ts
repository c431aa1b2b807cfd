// The second half of `verify` (issue 13, point 1): the report rebuilt from the bundled messages.ndjson, as
// `nrls-conformance report` rebuilds it, must match the bundled assurance.json. A chain anyone can recompute
// does not stop an edit of messages.ndjson (the issue's sed that turned a failing run CONFORMANT); this does,
// unless assurance.json was forged to match, and then the edit shows in messages.ndjson against the rest.
import type { Envelope } from '@cucumber/messages';
import { loadCatalogue, loadNotTestableReasons } from '../domain/requirements/catalogue.ts';
import { roleScope } from '../client-assurance/role-scope.ts';
import type { BuildContext } from '../report/build-context.ts';
import { buildAssuranceRun } from '../report/build.ts';
import type { AssuranceRun } from '../report/model.ts';

const MESSAGES = 'messages.ndjson';
const ASSURANCE = 'assurance.json';

/**
 * What decides and explains the verdict. Not the scenarios' evidence: the files were redacted on disk after
 * the model was, and a secret's marks could differ by where they fell, without any edit.
 */
const COMPARED = [
  'verdict',
  'verdictReason',
  'judged',
  'requirementTotals',
  'scenarioTotals',
  'areas',
  'requirements',
  'defects',
  'ambiguities',
  'notRun',
  'cleanup',
] as const;

const shown = (value: unknown) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
};
const withIds = (value: unknown): value is { id: string; status?: string }[] =>
  Array.isArray(value) && value.every((row) => typeof (row as { id?: unknown })?.id === 'string');

/** The first few differences of a list of rows with ids: `NRLS-CREATE-005 failed vs passed`. */
function rowDifferences(rebuilt: unknown, bundled: unknown): string {
  if (!withIds(rebuilt) || !withIds(bundled)) return `${shown(rebuilt)} vs ${shown(bundled)}`;
  const byId = new Map(bundled.map((row) => [row.id, row]));
  // A failure that appeared or went first: that is what turns a verdict.
  const failedFirst = (row: { id: string; status?: string }) =>
    row.status === 'failed' || byId.get(row.id)?.status === 'failed' ? 0 : 1;
  const differing = rebuilt
    .filter((row) => JSON.stringify(row) !== JSON.stringify(byId.get(row.id)))
    .sort((a, b) => failedFirst(a) - failedFirst(b))
    .map((row) => {
      const other = byId.get(row.id);
      if (!other) return `${row.id} only in the messages`;
      return row.status !== other.status ? `${row.id} ${row.status} vs ${other.status}` : `${row.id} differs`;
    });
  const rebuiltIds = new Set(rebuilt.map((row) => row.id));
  differing.push(...bundled.filter((row) => !rebuiltIds.has(row.id)).map((row) => `${row.id} only in ${ASSURANCE}`));
  if (differing.length === 0) return `${rebuilt.length} vs ${bundled.length} rows, in another order`;
  return `${differing.slice(0, 3).join(', ')}${differing.length > 3 ? ` and ${differing.length - 3} more` : ''}`;
}

/** Problems, one line each ([] when the bundled report is the one its messages give). */
export function rebuildProblems(files: ReadonlyMap<string, Buffer>): string[] {
  const messages = files.get(MESSAGES);
  const assurance = files.get(ASSURANCE);
  if (!messages || !assurance)
    return [`cannot rebuild the report: no ${messages ? ASSURANCE : MESSAGES} in the bundle`];
  let bundled: AssuranceRun;
  try {
    bundled = JSON.parse(assurance.toString('utf8')) as AssuranceRun;
  } catch (error) {
    return [`cannot rebuild the report: ${ASSURANCE} is not JSON (${(error as Error).message})`];
  }
  if (bundled?.schemaVersion !== 2 || !bundled.run)
    return [`cannot rebuild the report: ${ASSURANCE} is not an assurance report of schema version 2`];
  const envelopes: Envelope[] = [];
  for (const [at, line] of messages.toString('utf8').split('\n').entries()) {
    if (!line) continue;
    try {
      envelopes.push(JSON.parse(line) as Envelope);
    } catch {
      return [`cannot rebuild the report: ${MESSAGES} line ${at + 1} is not JSON`];
    }
  }
  let rebuilt: AssuranceRun;
  try {
    rebuilt = buildAssuranceRun(envelopes, {
      identity: bundled.run,
      catalogue: loadCatalogue(),
      notTestable: loadNotTestableReasons(),
      secrets: [],
      ...clientScope(bundled),
    });
  } catch (error) {
    return [`cannot rebuild the report from ${MESSAGES}: ${(error as Error).message}`];
  }
  return COMPARED.filter((field) => JSON.stringify(rebuilt[field]) !== JSON.stringify(bundled[field])).map(
    (field) =>
      `${ASSURANCE} does not match its messages: ${field} ` +
      (field === 'verdict'
        ? `${rebuilt.verdict.toUpperCase()} vs ${String(bundled.verdict).toUpperCase()}`
        : rowDifferences(rebuilt[field], bundled[field])),
  );
}

/**
 * A client run (`assure-client`: a driver, a role) is judged on its role's client requirements: the same
 * scope, worked out from this harness's features and rules, never from the bundled report.
 */
function clientScope(bundled: AssuranceRun): Pick<BuildContext, 'scope'> {
  const role = bundled.run.client?.driver ? bundled.run.client.role : undefined;
  if (!role) return {};
  const scope = roleScope(role, bundled.run.userTags);
  return { scope: { requirementIds: scope.requirementIds, scenarioTag: scope.roleTag } };
}
