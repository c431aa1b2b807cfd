// `compare --html`: the comparison of two runs as one self-contained page, in the assurance report's visual
// language (its stylesheet, status badges and verdict banner) and with its guarantees: every value escaped by
// the `html` tag, nothing loaded (no scripts, no network), so it opens offline from file://.
import {
  CHANGE_KINDS,
  type Change,
  type ComparedRun,
  type ComparedStatus,
  type RunComparison,
  verdictWords,
} from './compare.ts';
import { html, type Html, statusBadge } from './html/markup.ts';
import { PAGE_STYLE } from './html/style.ts';

const COMPARE_STYLE = html`<style>
tr.row-fixed > th { border-left: 6px solid var(--pass); }
td.arrow { width: 1.5em; text-align: center; border-left: 0; border-right: 0; }
table.changes th[scope="row"] { white-space: nowrap; font-family: Consolas, "Liberation Mono", Menlo, monospace; }
.note.warning { border-left-color: var(--warn); background: var(--warn-bg); }
</style>`;

/** A status as the report shows it; a side without the item says so in plain words, not as a status. */
const badge = (status: ComparedStatus): Html =>
  status === 'absent' ? html`<span class="muted">absent</span>` : statusBadge(status);

const ROW_CLASS = (change: Change) => (change.regression ? 'row-failed' : change.kind === 'fixed' ? 'row-fixed' : '');

function changeTable(changes: Change[]): Html {
  return html`<table class="changes">
<thead><tr><th scope="col">${changes[0]!.subject === 'requirement' ? 'Requirement' : 'Scenario'}</th>
<th scope="col">${changes[0]!.subject === 'requirement' ? 'Summary' : 'Name'}</th>
<th scope="col">In A</th><th scope="col" aria-label="became"></th><th scope="col">In B</th>
<th scope="col">Why</th></tr></thead>
<tbody>
${changes.map(
  (change) => html`<tr class="${ROW_CLASS(change)}"><th scope="row">${change.id}</th><td>${change.name}</td>
<td>${badge(change.from)}</td><td class="arrow" aria-hidden="true">→</td><td>${badge(change.to)}</td>
<td>${change.why}</td></tr>
`,
)}</tbody></table>`;
}

function changeSection(title: string, anchor: string, changes: Change[]): Html {
  const kinds = CHANGE_KINDS.map((kind) => [kind, changes.filter((change) => change.kind === kind)] as const);
  return html`<section aria-labelledby="${anchor}">
<h2 id="${anchor}">${title} <span class="muted">(${changes.length} changed)</span></h2>
${changes.length === 0 ? html`<p>None changed status.</p>` : ''}
${kinds
  .filter(([, ofKind]) => ofKind.length > 0)
  .map(
    ([kind, ofKind]) => html`<h3>${title} ${kind} <span class="muted">(${ofKind.length}${
      ofKind.some((change) => change.regression) ? ', regressions' : ''
    })</span></h3>
${changeTable(ofKind)}`,
  )}
</section>`;
}

function identityTable(comparison: RunComparison): Html {
  const rows: [string, (run: ComparedRun) => string][] = [
    ['Run id', (run) => run.id],
    ['Read from', (run) => run.path],
    ['Verdict', verdictWords],
    ['Harness', (run) => run.harness],
    ['Target', (run) => run.target],
    ['Tag filter', (run) => run.tagFilter || '(whole suite)'],
    ['Spec only', (run) => (run.specOnly ? 'yes' : 'no')],
  ];
  const { a, b } = comparison;
  return html`<section aria-labelledby="runs-heading">
<h2 id="runs-heading">The two runs</h2>
<table class="identity"><thead><tr><th scope="col"></th><th scope="col">A</th><th scope="col">B</th></tr></thead>
<tbody>
${rows.map(([label, value]) => {
  // Paths and ids always differ; the rest should not, and a difference is marked.
  const differs = label !== 'Run id' && label !== 'Read from' && label !== 'Verdict' && value(a) !== value(b);
  return html`<tr class="${differs ? 'row-broken' : ''}"><th scope="row">${label}</th><td>${value(a)}</td><td>${value(
    b,
  )}</td></tr>
`;
})}</tbody></table>
</section>`;
}

function banner(comparison: RunComparison): Html {
  const all = [...comparison.requirements, ...comparison.scenarios];
  const count = (kind: Change['kind']) => all.filter((change) => change.kind === kind).length;
  const regressed = comparison.regressions > 0;
  return html`<section class="verdict ${regressed ? 'verdict-not-conformant' : 'verdict-conformant'}" id="verdict">
<p class="verdict-label">From run A to run B</p>
<h2><span aria-hidden="true">${regressed ? '✗' : '✓'}</span> ${
    regressed
      ? `REGRESSION: ${comparison.regressions} CHANGE${comparison.regressions === 1 ? '' : 'S'} FOR THE WORSE`
      : 'NO REGRESSION'
  }</h2>
<p class="verdict-reason">Verdict ${comparison.a.verdict.toUpperCase()} → ${comparison.b.verdict.toUpperCase()}</p>
<ul>
<li>${count('newly failed')} newly failed, ${count('newly blocked')} newly blocked, ${count(
    'no longer run',
  )} no longer run; ${count('fixed')} fixed, ${count('newly run')} newly run; ${count('new')} new, ${count(
    'removed',
  )} removed.</li>
<li>Requirements changed: ${comparison.requirements.length}; scenarios changed: ${comparison.scenarios.length}.</li>
</ul>
</section>`;
}

export function renderComparisonHtml(comparison: RunComparison): string {
  const differences = comparison.identityDifferences.join('; ');
  const page = html`<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>NRLS run comparison: ${comparison.regressions > 0 ? 'REGRESSION' : 'no regression'} — ${comparison.a.id} → ${
    comparison.b.id
  }</title>
${PAGE_STYLE}
${COMPARE_STYLE}
</head>
<body>
<header class="page">
<p class="kicker">NHS National Record Locator Service · FHIR API 1.2.x · comparison of two conformance runs</p>
<h1>NRLS run comparison</h1>
</header>
<main>
${banner(comparison)}
${
  comparison.identityDifferences.length > 0
    ? html`<p class="note warning"><strong>The runs are not like for like:</strong> ${differences}. Some changes
below may come from that rather than from the system.</p>`
    : ''
}
${identityTable(comparison)}
${changeSection('Requirements', 'requirements-heading', comparison.requirements)}
${changeSection('Scenarios', 'scenarios-heading', comparison.scenarios)}
</main>
<footer><p>A regression is a requirement or scenario that got worse from A to B: newly failed or broken, newly
blocked, or no longer run when it had passed. New and removed ones (only one run has them) come from different
harnesses or catalogues and are listed, not counted. Scenarios are matched by feature file and name, so a scenario
whose line moved is the same scenario.</p></footer>
</body>
</html>
`;
  return page.markup;
}
