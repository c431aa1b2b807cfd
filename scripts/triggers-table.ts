// docs/client-triggers.md, generated from fixtures/client-triggers.json so that the doc cannot drift from
// the table (test/client-assurance/triggers.test.ts checks it is current). The diagnostics column is the
// mock's own text (mock-server/errors/diagnostics.ts) with [placeholders] for the request's values.
// `node --import tsx scripts/triggers-table.ts` rewrites the doc; with `--check` it only says whether it
// is current (exit 1 when not).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  loadTriggerTable,
  type TriggerDiagnostics,
  type Trigger,
  type TriggerTable,
} from '../src/client-assurance/triggers.ts';
import { diagnostics } from '../mock-server/errors/diagnostics.ts';

export const TRIGGERS_DOC = fileURLToPath(new URL('../docs/client-triggers.md', import.meta.url));

const TEMPLATES: Record<TriggerDiagnostics, string> = {
  invalidNhsNumber: diagnostics.invalidNhsNumber('[NHS number]'),
  patientUrlForm: diagnostics.patientUrlForm(),
  idNotAlone: diagnostics.idNotAlone(),
  fromAsidMissing: diagnostics.fromAsidMissing(),
  unsupportedMediaType: diagnostics.unsupportedMediaType(),
  patientNotFound: diagnostics.patientNotFound('[NHS number]'),
  noPointerWithId: diagnostics.noPointerWithId('[_id, or the identifier value of a delete]'),
  custodianNotAffiliated: diagnostics.custodianNotAffiliated(),
  duplicate: diagnostics.duplicate('[masterIdentifier.value]', '[masterIdentifier.system]'),
  organisationNotFound: diagnostics.organisationNotFound('[custodian ODS code]'),
  invalidRequestMessage: diagnostics.invalidRequestMessage(),
};

/** The contradictions in TKW's material and how the table resolves them. */
const RESOLUTIONS: [string, string][] = [
  [
    'T086–T089: delete by subject and identifier; TKW\'s catch-all "any subject+identifier → deleted" rule ' +
      'shadows them (200)',
    "We answer the sheet's intended outcome (404, 400 INVALID_RESOURCE, 400 header, 415).",
  ],
  [
    'T007, T076 (⚠ rows): NO_RECORD_FOUND for an id answered with the id diagnostics, the sheet with NHS number ones',
    "An id is answered with NRLS-ERR-011's id text; a patient with NRLS-ERR-012's NHS number text; a delete by " +
      'identifier with the identifier value (AMB-35).',
  ],
  ['T003: an `_id` search answered with an empty Bundle', 'Contradicts NRLS-SEARCH-018: 404 NO_RECORD_FOUND.'],
  [
    'T004: an `_id` search answered INVALID_NHS_NUMBER with another number in the diagnostics',
    'Dropped: an `_id` search carries no NHS number, so no 1.2.x rule can give it.',
  ],
  [
    'D8: a custodian mismatch answered 403 ACCESS_DENIED (PATCH)',
    'PATCH is dropped; in 1.2.x a custodian mismatch is 400 INVALID_RESOURCE.',
  ],
  [
    'D9: header errors all issue `invalid`, "Authorization HTTP Header is missing"',
    'Header triggers answer the catalogue (NRLS-ERR-001); a request really missing a header gets the real rule ' +
      '(a JWT error is issue `structure`, "The Authorisation header must be supplied").',
  ],
  [
    'D11: duplicate diagnostics with value and system swapped',
    "The catalogue's order: `value: [value] system: [system]` (NRLS-ERR-007).",
  ],
  [
    'D12: 415 with `http://fhir.nhs.net/…` profile and system',
    "The 1.2.x table's values (AMB-44), as the mock answers any 415.",
  ],
  [
    'T068 `__ORGANIZATION__`, T073 `__MASTERIDSYSTEM__`/`__MASTERIDVALUE__` placeholders',
    "Filled with the request's custodian ODS code and masterIdentifier.",
  ],
  [
    'T071 "Guidance TBA", T005/T013 "Parameter is invalid", T067/T077 "Resource is invalid"',
    "The catalogue's diagnostics (see the table).",
  ],
  [
    'X09 NOTFOUND_SIMULATOR_TRIGGER for a request matching no trigger',
    'The mock is stateful: it answers such a request normally.',
  ],
  [
    'TKW answers a trigger whatever else is wrong with the request (it does not validate)',
    'A trigger applies only to a request that passed every check up to the interaction (AMB-50 steps 1–8), ' +
      "so a client's own defect still gets the real error.",
  ],
];

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

function outcomeOf(trigger: Trigger): [string, string] {
  const { outcome } = trigger;
  switch (outcome.kind) {
    case 'spine-error':
      return [`${outcome.status} ${outcome.spineCode}`, TEMPLATES[outcome.diagnostics]];
    case 'empty-bundle':
      return ['200 empty Bundle (total 0)', ''];
    case 'many-pointers':
      return [trigger.pointerId ? '200 Bundle of that pointer' : `200 Bundle of ${outcome.count} pointers`, ''];
    case 'superseded-lineage':
      return trigger.pointerId
        ? ['200 Bundle of the current pointer of a superseded lineage', '']
        : [`200 Bundle of a lineage of ${outcome.length} (${outcome.length - 1} superseded, 1 current)`, ''];
    case 'internal-error':
      return ['500 (AMB-39: HTML, or OperationOutcome per `--internal-error-body`)', ''];
    case 'slow':
      return [`the normal answer after ${outcome.delayMs} ms`, ''];
    case 'dropped-connection':
      return ['connection closed, no answer', ''];
  }
}

export function renderTriggersDoc(table: TriggerTable): string {
  const lines = [
    '<!-- Generated by scripts/triggers-table.ts from fixtures/client-triggers.json: do not edit by hand. -->',
    '# Client simulator triggers',
    '',
    `Trigger table version ${table.version}, derived from ${table.derivedFrom}.`,
    '',
    'A request carrying a trigger value (the NHS number of a search `subject`, of a created or superseding',
    "pointer's `subject`, of a delete's `subject`; or an `_id`) for one of the trigger's interactions is",
    "answered with the trigger's outcome, once it has passed every other check up to the interaction. The",
    '`mock` command answers them by default (`--triggers FILE` for another table, `--no-triggers` to turn them',
    "off, `--trigger-delay MS` to change the slow answers' delay); the embedded mock of a conformance run does",
    "not. No trigger value is a fixture patient or pointer, or in the 999 range of the suite's fresh patients.",
    '',
    '| Trigger | Interactions | Value | Answer | Diagnostics | TKW rows | Note |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const trigger of table.triggers) {
    const [answer, text] = outcomeOf(trigger);
    const value = trigger.nhsNumber ?? `_id ${trigger.pointerId}`;
    const cells = [
      `\`${trigger.id}\``,
      trigger.interactions.join(', '),
      `\`${value}\``,
      answer,
      text,
      trigger.tkw.join(', ') || 'ours',
      trigger.note ?? '',
    ];
    lines.push(`| ${cells.map(cell).join(' | ')} |`);
  }
  lines.push('', '## TKW rows not simulated', '', '| TKW rows | Why |', '|---|---|');
  for (const dropped of table.dropped) lines.push(`| ${cell(dropped.tkw.join(', '))} | ${cell(dropped.reason)} |`);
  lines.push('', "## TKW's contradictions and how they are resolved", '', '| In TKW | Here |', '|---|---|');
  for (const [tkw, here] of RESOLUTIONS) lines.push(`| ${cell(tkw)} | ${cell(here)} |`);
  return `${lines.join('\n')}\n`;
}

function main(argv: string[]): number {
  const fresh = renderTriggersDoc(loadTriggerTable());
  if (argv.includes('--check')) {
    let previous = '';
    try {
      previous = readFileSync(TRIGGERS_DOC, 'utf8');
    } catch {}
    if (previous === fresh) return 0;
    console.log(`✖ ${TRIGGERS_DOC} is out of date: run node --import tsx scripts/triggers-table.ts`);
    return 1;
  }
  writeFileSync(TRIGGERS_DOC, fresh);
  console.log(`wrote ${TRIGGERS_DOC}`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main(process.argv.slice(2));
