// assurance.html: the run model as one self-contained page for an NHS assurance reviewer. Verdict
// first, then what was tested, the totals, every failure with its evidence, the requirement
// traceability matrix, the ambiguities the suite had to decide, and every scenario.
// Pure: the same model always gives the same page (no clock, files or environment), and the page
// loads nothing (inline CSS, no scripts, no external resources), so it opens offline from file://. Its
// one link out of the page is to the requirement catalogue, which write.ts copies beside it.
import type {
  AssuranceRun,
  ClientJudged,
  DefectGroup,
  RequirementRow,
  ScenarioResult,
  Tally,
  Verdict,
} from './model.ts';
import { Anchors, floorPercent, formatDuration, html, type Html, statusBadge, statusClass } from './html/markup.ts';
import { basisWords, linkList, renderFailure, renderScenarioEntry } from './html/scenario.ts';
import { PAGE_STYLE } from './html/style.ts';

const VERDICTS: Record<Verdict, { words: string; symbol: string; cssClass: string }> = {
  conformant: { words: 'CONFORMANT', symbol: '✓', cssClass: 'verdict-conformant' },
  'not conformant': { words: 'NOT CONFORMANT', symbol: '✗', cssClass: 'verdict-not-conformant' },
  incomplete: { words: 'INCOMPLETE', symbol: '⚠', cssClass: 'verdict-incomplete' },
  partial: { words: 'PASSED (PARTIAL RUN)', symbol: '◐', cssClass: 'verdict-partial' },
};

/** An unknown verdict (a newer model) is shown as it is, in the cautious amber. */
const verdictOf = (run: AssuranceRun) =>
  VERDICTS[run.verdict] ?? { words: String(run.verdict).toUpperCase(), symbol: '⚠', cssClass: 'verdict-incomplete' };

const isFailedOrBroken = (status: string) => status === 'failed' || status === 'broken';
const isUnmet = (status: string) => status === 'failed' || status === 'broken' || status === 'blocked';
const SCENARIO_STATUSES = ['passed', 'failed', 'blocked', 'broken', 'advisory', 'skipped'] as const;
const REQUIREMENT_STATUSES = ['passed', 'failed', 'blocked', 'broken', 'advisory', 'not run', 'not testable'] as const;
const tallyTotal = (tally: Tally) => SCENARIO_STATUSES.reduce((sum, status) => sum + tally[status], 0);

function registerAnchors(run: AssuranceRun): Anchors {
  const anchors = new Anchors();
  for (const scenario of run.scenarios) anchors.register('scenario', scenario.id);
  for (const requirement of run.requirements) anchors.register('req', requirement.id);
  for (const ambiguity of run.ambiguities) anchors.register('amb', ambiguity.id);
  for (const defect of run.defects) anchors.register('defect', defect.id);
  return anchors;
}

/** Testable requirements are those not marked not testable; a pass rate over the rest would flatter the run. */
function requirementFigures(run: AssuranceRun) {
  const testable = run.judged.testable;
  return { testable, passed: run.requirementTotals.passed, rate: floorPercent(run.requirementTotals.passed, testable) };
}

/** A client assurance run (`judge`) judged the requests of client systems: whose, in a phrase. */
function clientWords(client: ClientJudged): string {
  const role = client.role ? `${client.role} ` : '';
  const asids = client.asids.map((asid) => asid || '(no fromASID)').join(', ');
  return `Client assurance: the requests of the ${role}system${client.asids.length === 1 ? '' : 's'} ${
    asids || '(none recorded)'
  }`;
}

function verdictBanner(run: AssuranceRun, anchors: Anchors): Html {
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
function catalogueName(run: AssuranceRun, options: RenderOptions): Html {
  return options.catalogueHref
    ? html`<a href="${options.catalogueHref}">${run.run.spec.catalogue}</a>`
    : html`${run.run.spec.catalogue}`;
}

function runIdentity(run: AssuranceRun, options: RenderOptions): Html {
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

function totals(run: AssuranceRun): Html {
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

function areaSummary(run: AssuranceRun): Html {
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

function renderDefect(defect: DefectGroup, anchors: Anchors): Html {
  const advisory = defect.outcome === 'advisory';
  return html`<article class="defect${advisory ? ' defect-advisory' : ''}" id="${anchors.register(
    'defect',
    defect.id,
  )}">
<h3>${defect.id}: ${linkList(anchors, 'req', defect.about)} — ${defect.name}${advisory ? ' (advisory)' : ''}</h3>
<p class="basis">Basis: ${basisWords(defect)}${
    advisory ? ' — differs from the recommended behaviour; it does not change the verdict' : ''
  }. ${defect.kind === 'conformance' ? '' : `Kind: ${defect.kind}. `}Found ${[
    defect.failedScenarios.length > 0 ? 'by the scenarios’ own checks' : '',
    defect.blockedScenarios.length > 0 ? 'while preparing scenarios' : '',
  ]
    .filter(Boolean)
    .join(' and ')}.</p>
<div class="columns expected-actual">
<div><p class="label">Expected</p><pre class="expected">${defect.expected}</pre></div>
<div><p class="label">Actual (first seen)</p><pre class="actual">${defect.actual}</pre></div>
</div>
${
  defect.failedScenarios.length > 0
    ? html`<p>Failed ${defect.failedScenarios.length} scenario${
        defect.failedScenarios.length === 1 ? '' : 's'
      }: ${linkList(anchors, 'scenario', defect.failedScenarios)}</p>`
    : ''
}
${
  defect.blockedScenarios.length > 0
    ? html`<p>Blocked ${defect.blockedScenarios.length} scenario${
        defect.blockedScenarios.length === 1 ? '' : 's'
      } (their own requirements were not judged): ${linkList(anchors, 'scenario', defect.blockedScenarios)}</p>`
    : ''
}
</article>`;
}

const DEFECTS_INTRO = [
  html`Each defect is one failing check, with the requirements it is about, however many scenarios it `,
  html`failed (its own check) or blocked (a step preparing the scenario relied on it). Only these `,
  html`requirements count as failed.`,
];

function defects(run: AssuranceRun, anchors: Anchors): Html {
  const failing = run.defects.filter((defect) => defect.outcome === 'failed');
  const advisory = run.defects.filter((defect) => defect.outcome === 'advisory');
  return html`<section aria-labelledby="defects-heading">
<h2 id="defects-heading">Defects (${failing.length})${
    advisory.length > 0 ? ` and advisory findings (${advisory.length})` : ''
  }</h2>
${
  run.defects.length === 0
    ? html`<p>No check failed.</p>`
    : html`<p>${DEFECTS_INTRO}${
        advisory.length > 0
          ? ' Advisory findings depart from one of our AMB choices or a recommendation: ' +
            'under --spec-only they never change the verdict.'
          : ''
      }</p>
${run.defects.map((defect) => renderDefect(defect, anchors))}`
}
</section>`;
}

const FAILURES_INTRO = [
  html`<strong>Failed</strong> means a check about the scenario's own rules found the target breaking `,
  html`one. <strong>Broken</strong> means the scenario could not be judged (harness, configuration, or `,
  html`no response). `,
];

function failures(run: AssuranceRun, anchors: Anchors): Html {
  const failing = run.scenarios.filter((scenario) => isFailedOrBroken(scenario.status));
  const blocked = run.scenarios.filter((scenario) => scenario.status === 'blocked').length;
  return html`<section aria-labelledby="failures-heading">
<h2 id="failures-heading">Failed and broken scenarios (${failing.length})</h2>
${
  failing.length === 0
    ? html`<p>No scenario failed or was broken.${
        blocked > 0 ? ` ${blocked} were blocked: each is listed under the defect that blocked it.` : ''
      }</p>`
    : html`<p>${FAILURES_INTRO}${
        blocked > 0 ? `The ${blocked} blocked scenarios are listed under the defects that blocked them. ` : ''
      }In each, the exchange the failing check judged is open; the other exchanges can be expanded.</p>
${failing.map((scenario) => renderFailure(scenario, anchors.register('scenario', scenario.id), anchors))}`
}
</section>`;
}

/** What the scenarios left on the target: their cleanup deletes what they created, as its owner. */
const CLEANUP_INTRO = [
  html`After each scenario, whatever its outcome, the suite deletes the pointers it created, as their `,
  html`owner; these exchanges are shown as evidence on the scenario's cleanup hook and are never judged. `,
];

const LEFT_HEAD = [
  html`<thead><tr><th scope="col">Pointer</th><th scope="col">Owner</th>`,
  html`<th scope="col">Why it remains</th><th scope="col">Scenario</th></tr></thead>`,
];

function leftOnTarget(run: AssuranceRun, anchors: Anchors): Html {
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

function requirementRow(row: RequirementRow, anchors: Anchors): Html {
  return html`<tr id="${anchors.register('req', row.id)}" class="row-${statusClass(row.status)}">
<th scope="row">${row.id}</th><td>${row.level}</td><td>${row.section}</td>
<td>${row.summary}${
    row.ambiguityIds.length > 0
      ? html`<br><span class="muted">Ambiguity: ${linkList(anchors, 'amb', row.ambiguityIds)}</span>`
      : ''
  }</td>
<td>${statusBadge(row.status)}</td>
<td>${row.scenarioIds.length > 0 ? linkList(anchors, 'scenario', row.scenarioIds) : ''}${
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

function matrix(run: AssuranceRun, anchors: Anchors, options: RenderOptions): Html {
  // Failed first (a defect found), then broken and blocked (not judged), each in catalogue order.
  const rank = (status: string) => ['failed', 'broken', 'blocked'].indexOf(status);
  const unmet = run.requirements.filter((row) => isUnmet(row.status)).sort((a, b) => rank(a.status) - rank(b.status));
  const rest = run.requirements.filter((row) => !isUnmet(row.status));
  const head = [
    html`<thead><tr><th scope="col">Requirement</th><th scope="col">Level</th><th scope="col">Section</th>`,
    html`<th scope="col">Summary</th><th scope="col">Status</th>`,
    html`<th scope="col">Scenarios, or why none</th></tr></thead>`,
  ];
  return html`<section aria-labelledby="requirements-heading" id="requirements">
<h2 id="requirements-heading">Requirement traceability matrix (${run.requirements.length})</h2>
<p>Every requirement of the catalogue ${catalogueName(run, options)}${MATRIX_INTRO}
<table class="matrix">${head}
${
  unmet.length > 0
    ? html`<tbody><tr><th scope="rowgroup" colspan="6">Not met (${unmet.length})</th></tr>${unmet.map((row) =>
        requirementRow(row, anchors),
      )}</tbody>`
    : ''
}
<tbody>${
    unmet.length > 0 ? html`<tr><th scope="rowgroup" colspan="6">All other requirements (${rest.length})</th></tr>` : ''
  }${rest.map((row) => requirementRow(row, anchors))}</tbody>
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

function ambiguities(run: AssuranceRun, anchors: Anchors): Html {
  return html`<section aria-labelledby="ambiguities-heading" id="ambiguities">
<h2 id="ambiguities-heading">Ambiguities in the specification (${run.ambiguities.length})</h2>
${AMBIGUITIES_INTRO}
<table class="ambiguities">${AMBIGUITIES_HEAD}
<tbody>${run.ambiguities.map(
    (row) =>
      html`<tr id="${anchors.register('amb', row.id)}" class="row-${statusClass(
        row.status,
      )}"><th scope="row">${row.id}</th><td>${row.topic}</td><td>${row.recommendation}</td><td>${statusBadge(
        row.status,
      )}</td><td>${linkList(anchors, 'scenario', row.scenarioIds)}</td></tr>`,
  )}</tbody>
</table>
</section>`;
}

/** Areas in the model's order, then features in the order their scenarios appear. */
function groupScenarios(run: AssuranceRun): Map<string, Map<string, ScenarioResult[]>> {
  const byArea = new Map<string, Map<string, ScenarioResult[]>>(run.areas.map((area) => [area.area, new Map()]));
  for (const scenario of run.scenarios) {
    if (!byArea.has(scenario.area)) byArea.set(scenario.area, new Map());
    const byFeature = byArea.get(scenario.area)!;
    if (!byFeature.has(scenario.feature)) byFeature.set(scenario.feature, []);
    byFeature.get(scenario.feature)!.push(scenario);
  }
  return byArea;
}

const SCENARIOS_INTRO = [
  html`<p>Grouped by area and feature. Expand a scenario to see its steps and, inside each step, the `,
  html`HTTP requests it sent and the responses it received.</p>`,
];

function allScenarios(run: AssuranceRun, anchors: Anchors): Html {
  const groups = [...groupScenarios(run)].filter(([, features]) => features.size > 0);
  return html`<section aria-labelledby="scenarios-heading" id="scenarios">
<h2 id="scenarios-heading">All scenarios (${run.scenarios.length})</h2>
${SCENARIOS_INTRO}
${groups.map(([area, features]) => {
  const scenarios = [...features.values()].flat();
  const counts = SCENARIO_STATUSES.map(
    (status) => `${scenarios.filter((s) => s.status === status).length} ${status}`,
  ).join(', ');
  return html`<h3>Area: ${area} <span class="muted">(${counts})</span></h3>
${[...features].map(
  ([feature, list]) => html`<h4>${feature}</h4>
${list.map((scenario) => renderScenarioEntry(scenario, anchors.register('scenario', scenario.id), anchors))}`,
)}`;
})}
</section>`;
}

const STATUS_LEGEND = [
  html`. Statuses: passed; failed (a check about it found the target breaking it); blocked (a step it `,
  html`needed failed first, for another requirement's reason); broken (it could not be judged: no `,
  html`response, or a harness or configuration problem); advisory (differs from one of our AMB choices `,
  html`or recommendations, under --spec-only); not run (its scenarios were not selected); not testable `,
  html`(the reason is given).</p></footer>`,
];

const CONTENTS_ITEMS = [
  html`<li><a href="#identity-heading">Run identity</a></li><li><a href="#totals-heading">Totals</a></li>`,
  html`<li><a href="#defects-heading">Defects</a></li><li><a href="#failures-heading">Failures</a></li>\n`,
  html`<li><a href="#requirements">Requirement matrix</a></li><li><a href="#ambiguities">Ambiguities</a></li>`,
  html`<li><a href="#scenarios">All scenarios</a></li>`,
];

export function renderAssuranceHtml(run: AssuranceRun, options: RenderOptions = {}): string {
  const anchors = registerAnchors(run);
  const page = html`<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>NRLS assurance: ${verdictOf(run).words} — ${run.run.target.name} — ${run.run.id}</title>
${PAGE_STYLE}
</head>
<body>
<header class="page">
<p class="kicker">NHS National Record Locator Service · FHIR API 1.2.x · conformance assurance report</p>
<h1>NRLS ${run.run.client ? 'client' : 'conformance'} assurance report</h1>
</header>
<main>
${verdictBanner(run, anchors)}
<nav class="contents" aria-label="Contents"><ol>
${CONTENTS_ITEMS}
</ol></nav>
<div class="summary-grid">${runIdentity(run, options)}${totals(run)}</div>
${areaSummary(run)}
${defects(run, anchors)}
${failures(run, anchors)}
${leftOnTarget(run, anchors)}
${matrix(run, anchors, options)}
${ambiguities(run, anchors)}
${allScenarios(run, anchors)}
</main>
<footer><p>Generated by ${run.run.harness.name} ${run.run.harness.version} from assurance.json (schema version ${
    run.schemaVersion
  }) of run ${run.run.id}${STATUS_LEGEND}
</body>
</html>
`;
  return page.markup;
}
