// The page's tables: what the scenarios left on the target, the requirement traceability matrix (every
// requirement's whole text, its status, the scenarios that prove it, and a link to its row in the catalogue
// shipped beside the page) and the ambiguities the project had to decide. Rows carry data-filter and
// data-status for the page's search and status filters (filter.ts).
import type { AssuranceRun, RequirementRow } from '../model.ts';
import { type Anchors, html, type Html, statusBadge, statusClass } from './markup.ts';
import { linkList } from './scenario.ts';
import { isUnmet } from './statuses.ts';
import { catalogueName, type RenderOptions } from './summary.ts';

/**
 * The catalogue is markdown, shown as text: a text fragment (`#:~:text=`) scrolls a browser that supports it to
 * the row's first cell, `| NRLS-…-nnn |`; any other opens the file at its top. Dashes are syntax there, so escaped.
 */
const catalogueFragment = (id: string) => `#:~:text=${encodeURIComponent(`| ${id} |`).replace(/-/g, '%2D')}`;

/** What the scenarios left on the target: their cleanup deletes what they created, as its owner. */
const CLEANUP_INTRO = [
  html`After each scenario, whatever its outcome, the suite deletes the pointers it created, as their `,
  html`owner; these exchanges are shown as evidence on the scenario's cleanup hook and are never judged. `,
];

const LEFT_HEAD = [
  html`<thead><tr><th scope="col">Pointer</th><th scope="col">Owner</th>`,
  html`<th scope="col">Why it remains</th><th scope="col">Scenario</th></tr></thead>`,
];

/** A long list of scenarios is folded: NRLS-GEN-001 alone names over a hundred, a screen of links per row. */
function scenarioLinks(anchors: Anchors, ids: readonly string[]): Html {
  if (ids.length <= FOLD_AFTER) return linkList(anchors, 'scenario', ids);
  return html`<details class="links-fold"><summary>${ids.length} scenarios</summary>${linkList(
    anchors,
    'scenario',
    ids,
  )}</details>`;
}

const FOLD_AFTER = 6;

export function leftOnTarget(run: AssuranceRun, anchors: Anchors): Html {
  const { deleted, left } = run.cleanup;
  return html`<section aria-labelledby="cleanup-heading">
<h2 id="cleanup-heading">Left on the target (${left.length})</h2>
<p>${CLEANUP_INTRO}${deleted} pointers were deleted (or were already gone).${
    left.length === 0 ? ' None was left.' : ' These could not be deleted and remain on the target:'
  }</p>
${
  left.length > 0
    ? html`<table>${LEFT_HEAD}
<tbody>${left.map(
        (row) =>
          html`<tr><td><code>${row.id}</code></td><td>${row.owner}</td><td>${row.reason}</td><td>${linkList(
            anchors,
            'scenario',
            [row.scenario],
          )}</td></tr>`,
      )}</tbody></table>`
    : ''
}
</section>`;
}

function requirementRow(row: RequirementRow, anchors: Anchors, catalogueHref: string | undefined): Html {
  return html`<tr id="${anchors.register('req', row.id)}" class="row-${statusClass(
    row.status,
  )}" data-filter="requirement" data-status="${row.status}">
<th scope="row">${row.id}${
    catalogueHref
      ? html` <a class="in-catalogue" href="${catalogueHref}${catalogueFragment(row.id)}" title="${
          row.id
        } in the catalogue shipped with this run">catalogue</a>`
      : ''
  }<span class="req-level">${row.level} · ${row.section}</span></th>
<td>${row.summary}${
    row.ambiguityIds.length > 0
      ? html`<br><span class="muted">Ambiguity: ${linkList(anchors, 'amb', row.ambiguityIds)}</span>`
      : ''
  }</td>
<td>${statusBadge(row.status)}</td>
<td>${row.scenarioIds.length > 0 ? scenarioLinks(anchors, row.scenarioIds) : ''}${
    row.defects.length > 0
      ? html`<span class="reason">${
          row.status === 'blocked' ? 'blocked by' : row.status === 'advisory' ? 'advisory' : 'defects'
        }: ${linkList(anchors, 'defect', row.defects)}</span>`
      : ''
  }${row.reason ? html`<span class="reason">${row.reason}</span>` : ''}${
    row.checksPassed > 0 ? html`<span class="reason">${row.checksPassed} checks about it passed</span>` : ''
  }</td>
</tr>`;
}

const MATRIX_INTRO = [
  html`, with the scenarios that prove it. Failed, blocked and broken requirements come first; the rest `,
  html`follow in catalogue order. Each row has a stable link: this page’s address followed by `,
  html`<code>#req-</code> and the requirement id (for example <code>#req-NRLS-GEN-001</code>).</p>`,
];

export function matrix(run: AssuranceRun, anchors: Anchors, options: RenderOptions): Html {
  // Failed first (a defect found), then broken and blocked (not judged), each in catalogue order.
  const rank = (status: string) => ['failed', 'broken', 'blocked'].indexOf(status);
  const unmet = run.requirements.filter((row) => isUnmet(row.status)).sort((a, b) => rank(a.status) - rank(b.status));
  const rest = run.requirements.filter((row) => !isUnmet(row.status));
  const head = [
    html`<thead><tr><th scope="col">Requirement <span class="muted">(level · section)</span></th>`,
    html`<th scope="col">What it requires</th><th scope="col">Status</th>`,
    html`<th scope="col">Scenarios, or why none</th></tr></thead>`,
  ];
  return html`<section aria-labelledby="requirements-heading" id="requirements">
<h2 id="requirements-heading">Requirement traceability matrix (${run.requirements.length})</h2>
<p>Every requirement of the catalogue ${catalogueName(run, options)}${MATRIX_INTRO}
<table class="matrix">${head}
${
  unmet.length > 0
    ? html`<tbody><tr><th scope="rowgroup" colspan="4">Not met (${unmet.length})</th></tr>${unmet.map((row) =>
        requirementRow(row, anchors, options.catalogueHref),
      )}</tbody>`
    : ''
}
<tbody>${
    unmet.length > 0 ? html`<tr><th scope="rowgroup" colspan="4">All other requirements (${rest.length})</th></tr>` : ''
  }${rest.map((row) => requirementRow(row, anchors, options.catalogueHref))}</tbody>
</table>
</section>`;
}

const AMBIGUITIES_INTRO = [
  html`<p>Where the NRLS specification is silent or contradicts itself, the project chose a reading (its `,
  html`recommendation below). Each check resting on one says so (its basis); run with `,
  html`<code>--spec-only</code> to judge a real NRLS on the spec alone, and these checks become `,
  html`advisory: reported, never counted against the verdict.</p>`,
];

const AMBIGUITIES_HEAD = [
  html`<thead><tr><th scope="col">Id</th><th scope="col">Topic</th><th scope="col">Our recommendation</th>`,
  html`<th scope="col">Status</th><th scope="col">Scenarios</th></tr></thead>`,
];

export function ambiguities(run: AssuranceRun, anchors: Anchors): Html {
  return html`<section aria-labelledby="ambiguities-heading" id="ambiguities">
<h2 id="ambiguities-heading">Ambiguities in the specification (${run.ambiguities.length})</h2>
${AMBIGUITIES_INTRO}
<table class="ambiguities">${AMBIGUITIES_HEAD}
<tbody>${run.ambiguities.map(
    (row) =>
      html`<tr id="${anchors.register('amb', row.id)}" class="row-${statusClass(
        row.status,
      )}" data-filter="ambiguity" data-status="${row.status}"><th scope="row">${row.id}</th><td>${row.topic}</td><td>${
        row.recommendation
      }</td><td>${statusBadge(row.status)}</td><td>${scenarioLinks(anchors, row.scenarioIds)}</td></tr>`,
  )}</tbody>
</table>
</section>`;
}
