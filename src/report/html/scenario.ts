// A scenario as evidence: its steps in order, a failing step's expected and actual values side by
// side, and every HTTP exchange inside the step that made it. All of it folded in <details>, closed until
// asked for (issue 13: one fault made a 278-page report), and a body shown once however often it was sent.
import type { Exchange } from '../exchange.ts';
import type { JudgedCheck, ScenarioResult, StepResult } from '../model.ts';
import type { Bodies } from './bodies.ts';
import { outcomeOf, renderExchange } from './exchange.ts';
import { type Anchors, formatDuration, html, type Html, statusBadge, statusClass } from './markup.ts';

export type ScenarioLinks = Pick<Anchors, 'find'>;

/**
 * Links to other parts of the page; an id this run does not contain is shown as plain text. Scenario
 * ids are shown without their folder ("search.feature:146"): the matrix lists up to ~20 per row.
 */
export function linkList(anchors: ScenarioLinks, prefix: string, ids: readonly string[], empty = 'none'): Html {
  if (ids.length === 0) return html`<span class="muted">${empty}</span>`;
  return html`<ul class="links">${ids.map((id) => {
    const anchor = anchors.find(prefix, id);
    const text = prefix === 'scenario' ? id.slice(id.lastIndexOf('/') + 1) : id;
    return anchor
      ? html`<li><a href="#${anchor}">${text}</a></li>`
      : html`<li>${text} <span class="muted">(not in this run)</span></li>`;
  })}</ul>`;
}

/** How a check's basis reads: the spec's requirement, one of our AMB choices, or a recommendation. */
export function basisWords(check: Pick<JudgedCheck, 'amb' | 'basis'>): string {
  if (check.amb === 'MOCK-REC') return 'a recommendation of the catalogue (MOCK-REC)';
  if (check.amb) return `our choice ${check.amb}`;
  return check.basis === 'mock-rec' ? 'a recommendation of the catalogue (MOCK-REC)' : 'the spec';
}

function renderCheck(check: JudgedCheck, links: ScenarioLinks): Html {
  const advisory = check.outcome === 'advisory';
  return html`<div class="failure">
<p class="label">${
    advisory
      ? 'Advisory: differs from the recommended behaviour'
      : check.kind === 'conformance' || !check.kind
        ? 'Failed check'
        : `Failed check (${check.kind})`
  }: ${check.name} <span class="basis">· about ${linkList(links, 'req', check.about)} · basis: ${basisWords(check)}${
    check.stage === 'setup' ? ' · while preparing the scenario' : ''
  }</span></p>
<div class="columns expected-actual">
<div><p class="label">Expected</p><pre class="expected">${check.expected ?? '(not stated)'}</pre></div>
<div><p class="label">Actual</p><pre class="actual">${check.actual ?? '(not stated)'}</pre></div>
</div>
</div>`;
}

const ERROR_LABEL = [
  html`<div class="failure"><p class="label">The step could not judge (a harness or scenario fault)</p>`,
];

function renderError(error: NonNullable<StepResult['error']>): Html {
  return html`${ERROR_LABEL}<pre class="message">${error.message}</pre></div>`;
}

const exchangeId = (anchor: string, stepIndex: number, exchangeIndex: number) =>
  `${anchor}--step-${stepIndex + 1}--exchange-${exchangeIndex + 1}`;

interface Evidence {
  exchange: Exchange;
  /** The step that made the exchange, and the failing step that judged it. */
  stepIndex: number;
  judgedBy: number;
  id: string;
}

/**
 * The exchange a failed check judged: the last one made up to and including the first failing step
 * (a Then step usually checks the response its When step received). Shown open; the rest stay folded.
 */
function findEvidence(scenario: ScenarioResult, anchor: string): Evidence | undefined {
  let latest: Omit<Evidence, 'judgedBy'> | undefined;
  for (const [stepIndex, step] of scenario.steps.entries()) {
    const last = step.exchanges.length - 1;
    if (last >= 0) latest = { exchange: step.exchanges[last]!, stepIndex, id: exchangeId(anchor, stepIndex, last) };
    if (step.status === 'failed' || step.status === 'broken' || step.checks.some((check) => check.outcome !== 'passed'))
      return latest && { ...latest, judgedBy: stepIndex };
  }
  return undefined;
}

function evidencePointer(evidence: Evidence): Html {
  const where =
    evidence.stepIndex === evidence.judgedBy ? 'in this step, below' : `made by step ${evidence.stepIndex + 1}, above`;
  return html`<p class="evidence-pointer">Response judged: <a href="#${evidence.id}"><span class="method">${
    evidence.exchange.request.method
  }</span> <span class="url">${evidence.exchange.request.url}</span> → ${outcomeOf(
    evidence.exchange,
  )}</a> <span class="muted">(${where})</span></p>`;
}

function renderSteps(scenario: ScenarioResult, anchor: string, links: ScenarioLinks, bodies: Bodies): Html {
  if (scenario.steps.length === 0) return html`<p class="muted">No steps were recorded.</p>`;
  const evidence = findEvidence(scenario, anchor);
  return html`<ol class="steps">${scenario.steps.map(
    (step, stepIndex) => html`<li class="step step-${statusClass(step.status)}" id="${anchor}--step-${stepIndex + 1}">
<p class="step-line">${statusBadge(
      step.status,
    )} <strong>${step.keyword}</strong> ${step.text} <span class="muted">${formatDuration(step.durationMs)}</span></p>
${step.checks.filter((check) => check.outcome !== 'passed').map((check) => renderCheck(check, links))}
${step.error ? renderError(step.error) : ''}
${evidence?.judgedBy === stepIndex ? evidencePointer(evidence) : ''}
${
  step.exchanges.length > 0
    ? html`<div class="exchanges">${step.exchanges.map((exchange, index) =>
        renderExchange(exchange, exchangeId(anchor, stepIndex, index), exchange === evidence?.exchange, bodies),
      )}</div>`
    : ''
}
</li>`,
  )}</ol>`;
}

const BLOCKED_NOTE = [
  html`<span class="muted">(a step preparing this scenario failed; its own requirements were not `,
  html`judged)</span></dd>`,
];

function scenarioFacts(scenario: ScenarioResult, links: ScenarioLinks): Html {
  return html`<dl class="facts">
<dt>Feature</dt><dd>${scenario.feature} <span class="muted">(${scenario.uri}:${scenario.line}, area ${
    scenario.area
  })</span></dd>
<dt>Requirements</dt><dd>${linkList(links, 'req', scenario.requirementIds)}</dd>
${
  scenario.blockedBy
    ? html`<dt>Blocked by</dt><dd><a href="#${links.find('defect', scenario.blockedBy) ?? ''}">${
        scenario.blockedBy
      }</a> ${BLOCKED_NOTE}`
    : ''
}
${
  scenario.ambiguityIds.length > 0
    ? html`<dt>Ambiguities</dt><dd>${linkList(
        links,
        'amb',
        scenario.ambiguityIds,
      )} <span class="muted">(rests on the project's reading of the spec)</span></dd>`
    : ''
}
<dt>Tags</dt><dd>${
    scenario.tags.length > 0 ? html`<code>${scenario.tags.join(' ')}</code>` : html`<span class="muted">none</span>`
  }</dd>
<dt>Duration</dt><dd>${formatDuration(scenario.durationMs)}</dd>
</dl>`;
}

/**
 * What a defect group shows of its evidence: the exchange its check judged in the first scenario it
 * failed, folded, with a link to that scenario's steps (the scenario itself is listed, folded, below).
 */
export function renderDefectEvidence(scenario: ScenarioResult, anchor: string, bodies: Bodies): Html {
  const evidence = findEvidence(scenario, anchor);
  if (!evidence) return html`<p class="muted">No exchange was recorded before the check failed.</p>`;
  return html`<details class="evidence"><summary>Evidence: the exchange judged in ${scenario.uri.slice(
    scenario.uri.lastIndexOf('/') + 1,
  )}:${scenario.line} <span class="muted">(${scenario.name})</span></summary>
${renderExchange(evidence.exchange, `defect-evidence-${anchor}`, true, bodies)}
<p class="note">Every step of the scenario, and every exchange it made: <a href="#${anchor}">${scenario.name}</a>.</p>
</details>`;
}

/** The words and ids the page's search box matches a scenario by (not its bodies: they would match everything). */
const searchText = (scenario: ScenarioResult) =>
  [
    scenario.id,
    scenario.name,
    scenario.feature,
    scenario.area,
    scenario.status,
    ...scenario.tags,
    scenario.blockedBy ?? '',
  ]
    .join(' ')
    .toLowerCase();

/**
 * One scenario of the full list, folded: its summary line names it and its status, and opening it shows
 * its facts and steps, the exchange a failed check judged open among its step's exchanges.
 */
export function renderScenarioEntry(
  scenario: ScenarioResult,
  anchor: string,
  links: ScenarioLinks,
  bodies: Bodies,
): Html {
  return html`<details class="scenario scenario-${statusClass(
    scenario.status,
  )}" id="${anchor}" data-filter="scenario" data-status="${scenario.status}" data-search="${searchText(scenario)}">
<summary>${statusBadge(scenario.status)} <span class="scenario-name">${scenario.name}</span> <span class="muted">${
    scenario.uri
  }:${scenario.line}${scenario.blockedBy ? ` · blocked by ${scenario.blockedBy}` : ''}</span></summary>
<div class="scenario-detail">${scenarioFacts(scenario, links)}${renderSteps(scenario, anchor, links, bodies)}</div>
</details>`;
}
