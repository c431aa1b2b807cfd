// The page's lead after the verdict: one group per failing check (a defect), however many scenarios it
// failed or blocked, with its expected and actual values, the scenarios it reached and, folded, the
// exchange it judged (issue 13: failures grouped by defect, not each failed scenario's evidence again).
// Then the failed and broken scenarios as one line each, linking to their folded entries.
import type { AssuranceRun, DefectGroup } from '../model.ts';
import type { Bodies } from './bodies.ts';
import { type Anchors, html, type Html, statusBadge } from './markup.ts';
import { basisWords, linkList, renderDefectEvidence } from './scenario.ts';
import { isFailedOrBroken } from './statuses.ts';

/** The first scenario the defect failed (else blocked) that the run holds: its judged exchange is the evidence. */
function evidenceOf(defect: DefectGroup, run: AssuranceRun, anchors: Anchors, bodies: Bodies): Html | string {
  const ids = [...defect.failedScenarios, ...defect.blockedScenarios];
  const scenario = ids.map((id) => run.scenarios.find((candidate) => candidate.id === id)).find(Boolean);
  const anchor = scenario && anchors.find('scenario', scenario.id);
  return scenario && anchor ? renderDefectEvidence(scenario, anchor, bodies) : '';
}

function renderDefect(defect: DefectGroup, run: AssuranceRun, anchors: Anchors, bodies: Bodies): Html {
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
${evidenceOf(defect, run, anchors, bodies)}
</article>`;
}

const DEFECTS_INTRO = [
  html`Each defect is one failing check, with the requirements it is about, however many scenarios it `,
  html`failed (its own check) or blocked (a step preparing the scenario relied on it). Only these `,
  html`requirements count as failed.`,
];

export function defects(run: AssuranceRun, anchors: Anchors, bodies: Bodies): Html {
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
${run.defects.map((defect) => renderDefect(defect, run, anchors, bodies))}`
}
</section>`;
}

const FAILURES_INTRO = [
  html`<strong>Failed</strong> means a check about the scenario's own rules found the target breaking one. `,
  html`<strong>Broken</strong> means the scenario could not be judged (harness, configuration, or no response).`,
];

/** Failed and broken scenarios, one line each: their evidence is in their folded entry under All scenarios. */
export function failures(run: AssuranceRun, anchors: Anchors): Html {
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
        blocked > 0 ? ` The ${blocked} blocked scenarios are listed under the defects that blocked them.` : ''
      } Each link opens the scenario's steps, with the exchange its failing check judged open.</p>
<ul class="failure-list">${failing.map(
        (scenario) =>
          html`<li>${statusBadge(scenario.status)} <a href="#${anchors.register(
            'scenario',
            scenario.id,
          )}">${scenario.name}</a> <span class="muted">${scenario.uri}:${scenario.line}${
            scenario.findings.length > 0
              ? ` · ${[...new Set(scenario.findings.map((finding) => finding.defect))].join(', ')}`
              : ''
          }</span></li>`,
      )}</ul>`
}
</section>`;
}
