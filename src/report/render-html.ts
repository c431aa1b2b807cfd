// assurance.html: the run model as one self-contained page for an NHS assurance reviewer. Verdict
// first, then what was tested, the totals, every failure with its evidence, the requirement
// traceability matrix, the ambiguities the suite had to decide, and every scenario.
// Pure: the same model always gives the same page (no clock, files or environment), and the page
// loads nothing (inline CSS, no scripts, no external resources), so it opens offline from file://.
import { type AssuranceRun, type RequirementRow, type ScenarioResult, type Tally, type Verdict } from './model.ts';
import { Anchors, floorPercent, formatDuration, html, type Html, statusBadge, statusClass } from './html/markup.ts';
import { linkList, renderFailure, renderScenarioEntry } from './html/scenario.ts';
import { PAGE_STYLE } from './html/style.ts';

const VERDICTS: Record<Verdict, { words: string; symbol: string; cssClass: string }> = {
  conformant: { words: 'CONFORMANT', symbol: '✓', cssClass: 'verdict-conformant' },
  'not conformant': { words: 'NOT CONFORMANT', symbol: '✗', cssClass: 'verdict-not-conformant' },
  incomplete: { words: 'INCOMPLETE', symbol: '⚠', cssClass: 'verdict-incomplete' },
};

/** An unknown verdict (a newer model) is shown as it is, in the cautious amber. */
const verdictOf = (run: AssuranceRun) => VERDICTS[run.verdict] ?? { words: String(run.verdict).toUpperCase(), symbol: '⚠', cssClass: 'verdict-incomplete' };

const isFailedOrBroken = (status: string) => status === 'failed' || status === 'broken';
const tallyTotal = (tally: Tally) => tally.passed + tally.failed + tally.broken + tally.skipped;

function registerAnchors(run: AssuranceRun): Anchors {
  const anchors = new Anchors();
  for (const scenario of run.scenarios) anchors.register('scenario', scenario.id);
  for (const requirement of run.requirements) anchors.register('req', requirement.id);
  for (const ambiguity of run.ambiguities) anchors.register('amb', ambiguity.id);
  return anchors;
}

/** Testable requirements are those not marked not testable; a pass rate over the rest would flatter the run. */
function requirementFigures(run: AssuranceRun) {
  const totals = run.requirementTotals;
  const testable = run.requirements.length - totals['not testable'];
  return { testable, passed: totals.passed, rate: floorPercent(totals.passed, testable) };
}

function verdictBanner(run: AssuranceRun, anchors: Anchors): Html {
  const verdict = verdictOf(run);
  const scenarios = run.scenarioTotals;
  const requirements = requirementFigures(run);
  const unmet = run.requirements.filter((row) => isFailedOrBroken(row.status));
  const { target } = run.run;
  return html`<section class="verdict ${verdict.cssClass}" id="verdict" aria-labelledby="verdict-heading">
<p class="verdict-label">Overall verdict</p>
<h2 id="verdict-heading"><span aria-hidden="true">${verdict.symbol}</span> ${verdict.words}</h2>
<p class="verdict-reason">${run.verdictReason}</p>
<p>Target: <strong>${target.name}</strong> at <code>${target.baseUrl}</code>${target.embeddedMock ? ' (the harness’s embedded mock server, not a real NRLS)' : ''}</p>
<ul>
<li>Scenarios: ${scenarios.passed} of ${tallyTotal(scenarios)} passed (${floorPercent(scenarios.passed, tallyTotal(scenarios))}); ${scenarios.failed} failed, ${scenarios.broken} broken, ${scenarios.skipped} skipped.${scenarios.failed + scenarios.broken > 0 ? html` <a href="#failures-heading">See the failures and their evidence.</a>` : ''}</li>
<li>Requirements: ${requirements.passed} of ${requirements.testable} testable requirements proved (${requirements.rate}); ${run.requirementTotals.failed} failed, ${run.requirementTotals.broken} broken, ${run.requirementTotals['not run']} not run.</li>
${unmet.length > 0 ? html`<li>Requirements not met: ${linkList(anchors, 'req', unmet.map((row) => row.id))}</li>` : ''}
</ul>
</section>`;
}

function runIdentity(run: AssuranceRun): Html {
  const identity = run.run;
  const row = (label: string, value: Html | string) => html`<tr><th scope="row">${label}</th><td>${value}</td></tr>`;
  return html`<section aria-labelledby="identity-heading">
<h2 id="identity-heading">Run identity</h2>
<table class="identity"><tbody>
${row('Run id', html`<code>${identity.id}</code>`)}
${row('Harness', html`${identity.harness.name} ${identity.harness.version} <span class="muted">(git commit <code>${identity.harness.commit}</code>)</span>`)}
${row('Specification', html`${identity.spec.name}<br><span class="muted">requirement catalogue: ${identity.spec.catalogue}</span>`)}
${row('Target', identity.target.name)}
${row('Target base URL', html`<code>${identity.target.baseUrl}</code>`)}
${row('Embedded mock', identity.target.embeddedMock ? 'yes: the harness tested its own mock server' : 'no: an external target')}
${row('Started (UTC)', identity.startedAt)}
${row('Finished (UTC)', identity.finishedAt)}
${row('Duration', `${formatDuration(identity.durationMs)} (${identity.durationMs} ms)`)}
${row('Node.js', identity.node)}
${row('Platform', identity.platform)}
${row('Tag filter', identity.tagFilter === '' ? 'none: the whole suite' : html`<code>${identity.tagFilter}</code>`)}
${row('Parallel workers', identity.parallel > 0 ? String(identity.parallel) : 'none: scenarios ran one at a time')}
${row('Redacted secrets', run.redactedSecrets.length > 0 ? html`${run.redactedSecrets.join(', ')} <span class="muted">(names only; values never appear in this report)</span>` : 'none configured')}
</tbody></table>
</section>`;
}

function totals(run: AssuranceRun): Html {
  const scenarios = run.scenarioTotals;
  const scenarioCount = tallyTotal(scenarios);
  const requirementStatuses = ['passed', 'failed', 'broken', 'not run', 'not testable'] as const;
  return html`<section aria-labelledby="totals-heading">
<h2 id="totals-heading">Totals</h2>
<table><caption>Scenarios</caption>
<thead><tr><th scope="col">Status</th><th scope="col" class="number">Scenarios</th></tr></thead>
<tbody>${(['passed', 'failed', 'broken', 'skipped'] as const).map(
    (status) => html`<tr><th scope="row">${statusBadge(status)}</th><td class="number">${scenarios[status]}</td></tr>`,
  )}<tr><th scope="row">total</th><td class="number">${scenarioCount}</td></tr></tbody>
</table>
<table><caption>Requirements (${run.requirements.length} in the catalogue)</caption>
<thead><tr><th scope="col">Status</th><th scope="col" class="number">Requirements</th></tr></thead>
<tbody>${requirementStatuses.map((status) => html`<tr><th scope="row">${statusBadge(status)}</th><td class="number">${run.requirementTotals[status]}</td></tr>`)}</tbody>
</table>
<p>Scenarios passed: ${scenarios.passed} of ${scenarioCount} (${floorPercent(scenarios.passed, scenarioCount)}). Testable requirements proved: ${run.requirementTotals.passed} of ${requirementFigures(run).testable} (${requirementFigures(run).rate}). Pass rates are rounded down, never up.</p>
</section>`;
}

function areaSummary(run: AssuranceRun): Html {
  const tallyCells = (tally: Tally) =>
    html`<td class="number">${tally.passed}</td><td class="number">${tally.failed}</td><td class="number">${tally.broken}</td><td class="number">${tally.skipped}</td><td class="number">${tallyTotal(tally)}</td><td class="number">${floorPercent(tally.passed, tallyTotal(tally))}</td>`;
  return html`<section aria-labelledby="areas-heading">
<h2 id="areas-heading">Scenarios by area</h2>
<table><thead><tr><th scope="col">Area</th><th scope="col" class="number">Passed</th><th scope="col" class="number">Failed</th><th scope="col" class="number">Broken</th><th scope="col" class="number">Skipped</th><th scope="col" class="number">Total</th><th scope="col" class="number">Pass rate</th></tr></thead>
<tbody>${run.areas.map((area) => html`<tr${area.failed + area.broken > 0 ? html` class="row-${area.failed > 0 ? 'failed' : 'broken'}"` : ''}><th scope="row">${area.area}</th>${tallyCells(area)}</tr>`)}</tbody>
<tfoot><tr><th scope="row">All areas</th>${tallyCells(run.scenarioTotals)}</tr></tfoot>
</table>
</section>`;
}

function failures(run: AssuranceRun, anchors: Anchors): Html {
  const failing = run.scenarios.filter((scenario) => isFailedOrBroken(scenario.status));
  return html`<section aria-labelledby="failures-heading">
<h2 id="failures-heading">Failures (${failing.length})</h2>
${failing.length === 0
  ? html`<p>No scenario failed or was broken.</p>`
  : html`<p><strong>Failed</strong> means the target broke a requirement. <strong>Broken</strong> means the scenario could not be judged (harness, configuration, or no response). In each, the exchange the failing check judged is open; the other exchanges can be expanded.</p>
${failing.map((scenario) => renderFailure(scenario, anchors.register('scenario', scenario.id), anchors))}`}
</section>`;
}

function requirementRow(row: RequirementRow, anchors: Anchors): Html {
  return html`<tr id="${anchors.register('req', row.id)}" class="row-${statusClass(row.status)}">
<th scope="row">${row.id}</th><td>${row.level}</td><td>${row.section}</td>
<td>${row.summary}${row.ambiguityIds.length > 0 ? html`<br><span class="muted">Ambiguity: ${linkList(anchors, 'amb', row.ambiguityIds)}</span>` : ''}</td>
<td>${statusBadge(row.status)}</td>
<td>${row.scenarioIds.length > 0 ? linkList(anchors, 'scenario', row.scenarioIds) : ''}${row.reason ? html`<span class="reason">${row.reason}</span>` : ''}</td>
</tr>`;
}

function matrix(run: AssuranceRun, anchors: Anchors): Html {
  const unmet = run.requirements.filter((row) => isFailedOrBroken(row.status));
  const rest = run.requirements.filter((row) => !isFailedOrBroken(row.status));
  const head = html`<thead><tr><th scope="col">Requirement</th><th scope="col">Level</th><th scope="col">Section</th><th scope="col">Summary</th><th scope="col">Status</th><th scope="col">Scenarios, or why none</th></tr></thead>`;
  return html`<section aria-labelledby="requirements-heading" id="requirements">
<h2 id="requirements-heading">Requirement traceability matrix (${run.requirements.length})</h2>
<p>Every requirement of the catalogue ${run.run.spec.catalogue}, with the scenarios that prove it. Failed and broken requirements come first; the rest follow in catalogue order. Each row has a stable link: this page’s address followed by <code>#req-</code> and the requirement id (for example <code>#req-NRLS-GEN-001</code>).</p>
<table class="matrix">${head}
${unmet.length > 0 ? html`<tbody><tr><th scope="rowgroup" colspan="6">Not met (${unmet.length})</th></tr>${unmet.map((row) => requirementRow(row, anchors))}</tbody>` : ''}
<tbody>${unmet.length > 0 ? html`<tr><th scope="rowgroup" colspan="6">All other requirements (${rest.length})</th></tr>` : ''}${rest.map((row) => requirementRow(row, anchors))}</tbody>
</table>
</section>`;
}

function ambiguities(run: AssuranceRun, anchors: Anchors): Html {
  return html`<section aria-labelledby="ambiguities-heading" id="ambiguities">
<h2 id="ambiguities-heading">Ambiguities in the specification (${run.ambiguities.length})</h2>
<p>Where the NRLS specification is silent or contradicts itself, the project chose a reading (its recommendation below). Scenarios tagged <code>@AMB</code> rest on that choice rather than on the text of the spec. A run against a real NRLS may exclude them with <code>--tags "not @AMB"</code>.</p>
<table class="ambiguities"><thead><tr><th scope="col">Id</th><th scope="col">Topic</th><th scope="col">Our recommendation</th><th scope="col">Status</th><th scope="col">Scenarios</th></tr></thead>
<tbody>${run.ambiguities.map(
    (row) => html`<tr id="${anchors.register('amb', row.id)}" class="row-${statusClass(row.status)}"><th scope="row">${row.id}</th><td>${row.topic}</td><td>${row.recommendation}</td><td>${statusBadge(row.status)}</td><td>${linkList(anchors, 'scenario', row.scenarioIds)}</td></tr>`,
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

function allScenarios(run: AssuranceRun, anchors: Anchors): Html {
  const groups = [...groupScenarios(run)].filter(([, features]) => features.size > 0);
  return html`<section aria-labelledby="scenarios-heading" id="scenarios">
<h2 id="scenarios-heading">All scenarios (${run.scenarios.length})</h2>
<p>Grouped by area and feature. Expand a scenario to see its steps and, inside each step, the HTTP requests it sent and the responses it received.</p>
${groups.map(([area, features]) => {
    const scenarios = [...features.values()].flat();
    const counts = (['passed', 'failed', 'broken', 'skipped'] as const).map((status) => `${scenarios.filter((s) => s.status === status).length} ${status}`).join(', ');
    return html`<h3>Area: ${area} <span class="muted">(${counts})</span></h3>
${[...features].map(([feature, list]) => html`<h4>${feature}</h4>
${list.map((scenario) => renderScenarioEntry(scenario, anchors.register('scenario', scenario.id), anchors))}`)}`;
  })}
</section>`;
}

export function renderAssuranceHtml(run: AssuranceRun): string {
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
<h1>NRLS conformance assurance report</h1>
</header>
<main>
${verdictBanner(run, anchors)}
<nav class="contents" aria-label="Contents"><ol>
<li><a href="#identity-heading">Run identity</a></li><li><a href="#totals-heading">Totals</a></li><li><a href="#failures-heading">Failures</a></li>
<li><a href="#requirements">Requirement matrix</a></li><li><a href="#ambiguities">Ambiguities</a></li><li><a href="#scenarios">All scenarios</a></li>
</ol></nav>
<div class="summary-grid">${runIdentity(run)}${totals(run)}</div>
${areaSummary(run)}
${failures(run, anchors)}
${matrix(run, anchors)}
${ambiguities(run, anchors)}
${allScenarios(run, anchors)}
</main>
<footer><p>Generated by ${run.run.harness.name} ${run.run.harness.version} from assurance.json (schema version ${run.schemaVersion}) of run ${run.run.id}. Statuses: passed; failed (the target broke a requirement); broken (the scenario could not be judged); skipped; not run (no scenario ran it); not testable (the reason is given).</p></footer>
</body>
</html>
`;
  return page.markup;
}
