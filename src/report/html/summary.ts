// The page's summary: the verdict banner, the run identity, the totals (the chart's text alternative)
// and the scenarios by area. Split from render-html.ts; see there for what the page is.
import type { AssuranceRun, ClientJudged, Tally, Verdict } from '../model.ts';
import { type Anchors, floorPercent, formatDuration, html, type Html, statusBadge } from './markup.ts';
import { linkList } from './scenario.ts';
import { REQUIREMENT_STATUSES, SCENARIO_STATUSES, tallyTotal } from './statuses.ts';

const VERDICTS: Record<Verdict, { words: string; symbol: string; cssClass: string }> = {
  conformant: { words: 'CONFORMANT', symbol: '✓', cssClass: 'verdict-conformant' },
  'not conformant': { words: 'NOT CONFORMANT', symbol: '✗', cssClass: 'verdict-not-conformant' },
  incomplete: { words: 'INCOMPLETE', symbol: '⚠', cssClass: 'verdict-incomplete' },
  partial: { words: 'PASSED (PARTIAL RUN)', symbol: '◐', cssClass: 'verdict-partial' },
};

/** An unknown verdict (a newer model) is shown as it is, in the cautious amber. */
export const verdictOf = (run: AssuranceRun) =>
  VERDICTS[run.verdict] ?? { words: String(run.verdict).toUpperCase(), symbol: '⚠', cssClass: 'verdict-incomplete' };

/** Testable requirements are those not marked not testable; a pass rate over the rest would flatter the run. */
export function requirementFigures(run: AssuranceRun) {
  const testable = run.judged.testable;
  return { testable, passed: run.requirementTotals.passed, rate: floorPercent(run.requirementTotals.passed, testable) };
}

/** A client assurance run (`judge`) judged the requests of client systems: whose, in a phrase. */
export function clientWords(client: ClientJudged): string {
  const role = client.role ? `${client.role} ` : '';
  const asids = client.asids.map((asid) => asid || '(no fromASID)').join(', ');
  return `Client assurance: the requests of the ${role}system${client.asids.length === 1 ? '' : 's'} ${
    asids || '(none recorded)'
  }`;
}

export function verdictBanner(run: AssuranceRun, anchors: Anchors): Html {
  const verdict = verdictOf(run);
  const scenarios = run.scenarioTotals;
  const requirements = requirementFigures(run);
  const failed = run.requirements.filter((row) => row.status === 'failed');
  const failing = run.defects.filter((defect) => defect.outcome === 'failed');
  const { target } = run.run;
  const r = run.requirementTotals;
  return html`<section class="verdict ${verdict.cssClass}" id="verdict" aria-labelledby="verdict-heading">
<p class="verdict-label">Overall verdict${run.run.specOnly ? ' on the spec alone (--spec-only)' : ''}</p>
<h2 id="verdict-heading"><span aria-hidden="true">${verdict.symbol}</span> ${verdict.words}</h2>
<p class="verdict-reason">${run.verdictReason}</p>
${
  run.run.client
    ? html`<p>${clientWords(run.run.client)}, ${
        run.run.client.driver ? 'made to act through its driver file against' : 'as recorded by'
      } the mock at <code>${target.baseUrl}</code></p>`
    : html`<p>Target: <strong>${target.name}</strong> at <code>${target.baseUrl}</code>${
        target.embeddedMock ? ' (the harness’s embedded mock server, not a real NRLS)' : ''
      }</p>`
}
<ul>
${
  run.verdict === 'partial'
    ? html`<li>A partial run (tags <code>${run.run.userTags}</code>) can pass but is never conformant: ${
        run.judged.requirements
      } of ${run.judged.testable} testable requirements were judged; the rest are marked <em>not run</em>.</li>`
    : ''
}
<li>Scenarios: ${scenarios.passed} of ${tallyTotal(scenarios)} passed (${floorPercent(
    scenarios.passed,
    tallyTotal(scenarios),
  )}); ${scenarios.failed} failed, ${scenarios.blocked} blocked, ${scenarios.broken} broken, ${
    scenarios.advisory
  } advisory.${
    scenarios.failed + scenarios.broken + scenarios.blocked > 0
      ? html` <a href="#defects-heading">See the defects and their evidence.</a>`
      : ''
  }</li>
<li>Requirements: ${requirements.passed} of ${requirements.testable} testable requirements proved (${
    requirements.rate
  }); ${r.failed} failed, ${r.blocked} blocked, ${r.broken} broken, ${r.advisory} advisory, ${
    r['not run']
  } not run.</li>
${
  failing.length > 0
    ? html`<li>Defects found: ${
        failing.length
      } (a defect is one failing check, however many scenarios it failed or blocked): ${linkList(
        anchors,
        'defect',
        failing.map((defect) => defect.id),
      )}</li>`
    : ''
}
${
  failed.length > 0
    ? html`<li>Requirements failed: ${linkList(
        anchors,
        'req',
        failed.map((row) => row.id),
      )}</li>`
    : ''
}
</ul>
</section>`;
}

export interface RenderOptions {
  /**
   * The requirement catalogue's address relative to the page (write.ts copies it beside the page); without it, its name
   * is plain text.
   */
  catalogueHref?: string;
}

/** The catalogue's name, linked to its text where the page has it at hand. */
export function catalogueName(run: AssuranceRun, options: RenderOptions): Html {
  return options.catalogueHref
    ? html`<a href="${options.catalogueHref}">${run.run.spec.catalogue}</a>`
    : html`${run.run.spec.catalogue}`;
}

export function runIdentity(run: AssuranceRun, options: RenderOptions): Html {
  const identity = run.run;
  const row = (label: string, value: Html | string) => html`<tr><th scope="row">${label}</th><td>${value}</td></tr>`;
  return html`<section aria-labelledby="identity-heading">
<h2 id="identity-heading">Run identity</h2>
<table class="identity"><tbody>
${row('Run id', html`<code>${identity.id}</code>`)}
${row(
  'Harness',
  html`${identity.harness.name} ${identity.harness.version} <span class="muted">(git commit <code>${
    identity.harness.commit
  }</code>)</span>`,
)}
${row(
  'Specification',
  html`${identity.spec.name}<br><span class="muted">requirement catalogue: ${catalogueName(run, options)}</span>`,
)}
${
  identity.client
    ? row(
        'Client assurance',
        html`${clientWords(identity.client)}<br><span class="muted">${
          identity.client.driver
            ? html`driver file <code>${identity.client.driver}</code>`
            : html`recording <code>${identity.client.recording ?? ''}</code>, made by ${
                identity.client.recordedBy ?? ''
              }`
        }</span>`,
      )
    : ''
}
${row('Target', identity.target.name)}
${row('Target base URL', html`<code>${identity.target.baseUrl}</code>`)}
${row(
  'Embedded mock',
  identity.client
    ? 'the mock the client system acted against (the system is judged, not the mock)'
    : identity.target.embeddedMock
      ? 'yes: the harness tested its own mock server'
      : 'no: an external target',
)}
${row('Started (UTC)', identity.startedAt)}
${row('Finished (UTC)', identity.finishedAt)}
${row('Duration', `${formatDuration(identity.durationMs)} (${identity.durationMs} ms)`)}
${row('Node.js', identity.node)}
${row('Platform', identity.platform)}
${row(
  'Tag filter',
  identity.userTags === ''
    ? html`none: the whole suite${
        identity.tagFilter ? html` <span class="muted">(ran <code>${identity.tagFilter}</code>)</span>` : ''
      }`
    : html`<code>${identity.userTags}</code>: a partial run <span class="muted">(ran <code>${
        identity.tagFilter
      }</code>)</span>`,
)}
${row(
  'Mode',
  identity.specOnly
    ? 'spec only: checks resting on our AMB choices or on mock recommendations are advisory'
    : 'full: the spec and the project’s AMB choices and recommendations',
)}
${row('Parallel workers', identity.parallel > 0 ? String(identity.parallel) : 'none: scenarios ran one at a time')}
${row(
  'Redacted secrets',
  run.redactedSecrets.length > 0
    ? html`${run.redactedSecrets.join(
        ', ',
      )} <span class="muted">(names only; values never appear in this report)</span>`
    : 'none configured',
)}
</tbody></table>
</section>`;
}

export function totals(run: AssuranceRun): Html {
  const scenarios = run.scenarioTotals;
  const scenarioCount = tallyTotal(scenarios);
  return html`<section aria-labelledby="totals-heading">
<h2 id="totals-heading">Totals</h2>
<table><caption>Scenarios</caption>
<thead><tr><th scope="col">Status</th><th scope="col" class="number">Scenarios</th></tr></thead>
<tbody>${SCENARIO_STATUSES.map(
    (status) => html`<tr><th scope="row">${statusBadge(status)}</th><td class="number">${scenarios[status]}</td></tr>`,
  )}<tr><th scope="row">total</th><td class="number">${scenarioCount}</td></tr></tbody>
</table>
<table><caption>Requirements (${run.requirements.length} in the catalogue)</caption>
<thead><tr><th scope="col">Status</th><th scope="col" class="number">Requirements</th></tr></thead>
<tbody>${REQUIREMENT_STATUSES.map(
    (status) =>
      html`<tr><th scope="row">${statusBadge(status)}</th><td class="number">${
        run.requirementTotals[status]
      }</td></tr>`,
  )}</tbody>
</table>
<p>Scenarios passed: ${scenarios.passed} of ${scenarioCount} (${floorPercent(
    scenarios.passed,
    scenarioCount,
  )}). Testable requirements proved: ${run.requirementTotals.passed} of ${requirementFigures(run).testable} (${
    requirementFigures(run).rate
  }). Pass rates are rounded down, never up.</p>
</section>`;
}

export function areaSummary(run: AssuranceRun): Html {
  const tallyCells = (tally: Tally) =>
    html`${SCENARIO_STATUSES.map(
      (status) => html`<td class="number">${tally[status]}</td>`,
    )}<td class="number">${tallyTotal(tally)}</td><td class="number">${floorPercent(
      tally.passed,
      tallyTotal(tally),
    )}</td>`;
  return html`<section aria-labelledby="areas-heading">
<h2 id="areas-heading">Scenarios by area</h2>
<table><thead><tr><th scope="col">Area</th>${SCENARIO_STATUSES.map(
    (status) => html`<th scope="col" class="number">${status}</th>`,
  )}<th scope="col" class="number">Total</th><th scope="col" class="number">Pass rate</th></tr></thead>
<tbody>${run.areas.map(
    (area) =>
      html`<tr${
        area.failed + area.broken + area.blocked > 0
          ? html` class="row-${area.failed > 0 ? 'failed' : area.blocked > 0 ? 'blocked' : 'broken'}"`
          : ''
      }><th scope="row">${area.area}</th>${tallyCells(area)}</tr>`,
  )}</tbody>
<tfoot><tr><th scope="row">All areas</th>${tallyCells(run.scenarioTotals)}</tr></tfoot>
</table>
</section>`;
}
