// assurance.html: the run model as one self-contained page for an NHS assurance reviewer. The verdict
// first, then the defects (one group per failing check, with the scenarios it reached), an overview chart,
// what was tested and the totals, the requirement traceability matrix, the ambiguities the suite had to
// decide, and every scenario, its evidence folded until asked for (issue 13: a report that scales).
// Pure: the same model always gives the same page (no clock, files or environment). The page loads nothing
// (inline CSS and SVG, no external resources), so it opens offline from file://; its one script (filter.ts)
// is fixed text, allowed by its hash, and only adds search and status filters: without it, everything shows.
// Its one link out of the page is to the requirement catalogue, which write.ts copies beside it.
import type { AssuranceRun, ScenarioResult } from './model.ts';
import { Bodies } from './html/bodies.ts';
import { defects, failures } from './html/defects.ts';
import { FILTER_SCRIPT_ELEMENT, FILTER_SCRIPT_HASH, filterBar } from './html/filter.ts';
import { Anchors, html, type Html } from './html/markup.ts';
import { ambiguities, leftOnTarget, matrix } from './html/matrix.ts';
import { overview } from './html/overview.ts';
import { renderScenarioEntry } from './html/scenario.ts';
import { SCENARIO_STATUSES } from './html/statuses.ts';
import { PAGE_STYLE } from './html/style.ts';
import { VIEWS_STYLE } from './html/style-views.ts';
import { areaSummary, type RenderOptions, runIdentity, totals, verdictBanner, verdictOf } from './html/summary.ts';

export type { RenderOptions } from './html/summary.ts';

function registerAnchors(run: AssuranceRun): Anchors {
  const anchors = new Anchors();
  for (const scenario of run.scenarios) anchors.register('scenario', scenario.id);
  for (const requirement of run.requirements) anchors.register('req', requirement.id);
  for (const ambiguity of run.ambiguities) anchors.register('amb', ambiguity.id);
  for (const defect of run.defects) anchors.register('defect', defect.id);
  return anchors;
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
  html`<p>Grouped by area and feature, each folded: open one to see its steps and, inside each step, the `,
  html`HTTP requests it sent and the responses it received (a failed check's exchange is open). A body `,
  html`already shown is a link to its first copy.</p>`,
];

function allScenarios(run: AssuranceRun, anchors: Anchors, bodies: Bodies): Html {
  const groups = [...groupScenarios(run)].filter(([, features]) => features.size > 0);
  return html`<section aria-labelledby="scenarios-heading" id="scenarios">
<h2 id="scenarios-heading">All scenarios (${run.scenarios.length})</h2>
${SCENARIOS_INTRO}
${groups.map(([area, features]) => {
  const scenarios = [...features.values()].flat();
  const counts = SCENARIO_STATUSES.map(
    (status) => `${scenarios.filter((s) => s.status === status).length} ${status}`,
  ).join(', ');
  return html`<section class="area" data-filter-group><h3>Area: ${area} <span class="muted">(${counts})</span></h3>
${[...features].map(
  ([feature, list]) => html`<section class="feature" data-filter-group><h4>${feature}</h4>
${list.map((scenario) => renderScenarioEntry(scenario, anchors.register('scenario', scenario.id), anchors, bodies))}
</section>`,
)}</section>`;
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
  html`<li><a href="#defects-heading">Defects</a></li><li><a href="#failures-heading">Failures</a></li>`,
  html`<li><a href="#overview-heading">Overview</a></li><li><a href="#identity-heading">Run identity</a></li>\n`,
  html`<li><a href="#requirements">Requirement matrix</a></li><li><a href="#ambiguities">Ambiguities</a></li>`,
  html`<li><a href="#scenarios">All scenarios</a></li>`,
];

export function renderAssuranceHtml(run: AssuranceRun, options: RenderOptions = {}): string {
  const anchors = registerAnchors(run);
  // One per page: a body is shown at its first place in page order (sections are rendered in that order).
  const bodies = new Bodies();
  const page = html`<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy"
 content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${FILTER_SCRIPT_HASH}'">
<title>NRLS assurance: ${verdictOf(run).words} — ${run.run.target.name} — ${run.run.id}</title>
${PAGE_STYLE}
${VIEWS_STYLE}
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
${filterBar()}
${defects(run, anchors, bodies)}
${failures(run, anchors)}
${overview(run)}
<div class="summary-grid">${runIdentity(run, options)}${totals(run)}</div>
${areaSummary(run)}
${leftOnTarget(run, anchors)}
${matrix(run, anchors, options)}
${ambiguities(run, anchors)}
${allScenarios(run, anchors, bodies)}
</main>
<footer><p>Generated by ${run.run.harness.name} ${run.run.harness.version} from assurance.json (schema version ${
    run.schemaVersion
  }) of run ${run.run.id}${STATUS_LEGEND}
${FILTER_SCRIPT_ELEMENT}
</body>
</html>
`;
  return page.markup;
}
