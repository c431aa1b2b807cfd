// A scenario as evidence: its steps in order, a failing step's expected and actual values side by
// side, and every HTTP exchange inside the step that made it.
import type { Exchange } from '../exchange.ts';
import type { JudgedCheck, ScenarioResult, StepResult } from '../model.ts';
import {
  type Anchors,
  formatDuration,
  headerValue,
  html,
  type Html,
  readableBody,
  statusBadge,
  statusClass,
} from './markup.ts';

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

function headersTable(caption: string, headers: Record<string, string>): Html {
  const entries = Object.entries(headers);
  if (entries.length === 0) return html`<p class="muted">${caption}: none</p>`;
  return html`<table class="headers"><caption>${caption}</caption><tbody>${entries.map(
    ([name, value]) => html`<tr><th scope="row">${name}</th><td>${value}</td></tr>`,
  )}</tbody></table>`;
}

function bodyBlock(label: string, body: string | undefined, contentType: string | undefined, truncated = false): Html {
  if (body === undefined || body === '') return html`<p class="muted">${label}: empty</p>`;
  return html`<p class="label">${label}${contentType ? html` <span class="muted">(${contentType})</span>` : ''}</p>
<pre class="body">${readableBody(body, contentType, truncated)}</pre>`;
}

const outcomeOf = (exchange: Exchange) => (exchange.response ? String(exchange.response.status) : 'no response');

const JWT_LABEL = [
  html`<p class="label">Decoded JWT claims <span class="muted">(the token itself is redacted from this `,
  html`report)</span></p>`,
];

function renderExchange(exchange: Exchange, id: string, open: boolean): Html {
  const { request, response } = exchange;
  return html`<details class="exchange" id="${id}"${open ? html` open` : ''}>
<summary><span class="method">${request.method}</span> <span class="url">${request.url}</span> → <strong>${outcomeOf(
    exchange,
  )}</strong> <span class="muted">· ${exchange.purpose} · ${formatDuration(exchange.durationMs)}</span></summary>
<div class="exchange-detail">
<p class="meta">Purpose: ${exchange.purpose} · started ${exchange.startedAt} · took ${formatDuration(
    exchange.durationMs,
  )}</p>
<div class="columns">
<section class="request" aria-label="Request">
<h4 class="pane-title">Request</h4>
<p class="request-line"><span class="method">${request.method}</span> <span class="url">${request.url}</span></p>
${headersTable('Request headers', request.headers)}
${
  request.jwtClaims
    ? html`${JWT_LABEL}
<pre class="body">${JSON.stringify(request.jwtClaims, null, 2)}</pre>`
    : ''
}
${bodyBlock('Request body', request.body, headerValue(request.headers, 'content-type'))}
</section>
<section class="response" aria-label="Response">
<h4 class="pane-title">Response</h4>
${
  response
    ? html`<p class="response-status">HTTP <strong>${response.status}</strong></p>
${headersTable('Response headers', response.headers)}
${bodyBlock('Response body', response.body, headerValue(response.headers, 'content-type'), response.truncated)}
${response.truncated ? html`<p class="note">The body was truncated to the evidence size limit.</p>` : ''}`
    : html`<p class="muted">No response was received.</p>`
}
</section>
</div>
${
  exchange.error
    ? html`<p class="transport-error"><strong>Transport error (${exchange.error.kind}):</strong> ${
        exchange.error.message
      }</p>`
    : ''
}
</div>
</details>`;
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

function renderSteps(scenario: ScenarioResult, anchor: string, highlightEvidence: boolean, links: ScenarioLinks): Html {
  if (scenario.steps.length === 0) return html`<p class="muted">No steps were recorded.</p>`;
  const evidence = highlightEvidence ? findEvidence(scenario, anchor) : undefined;
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
        renderExchange(exchange, exchangeId(anchor, stepIndex, index), exchange === evidence?.exchange),
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

/** A failed or broken scenario in full, under its own heading, with the judged exchange open. */
export function renderFailure(scenario: ScenarioResult, anchor: string, links: ScenarioLinks): Html {
  return html`<article class="scenario scenario-${statusClass(scenario.status)}" id="${anchor}">
<h3>${statusBadge(scenario.status)} ${scenario.name}</h3>
${scenarioFacts(scenario, links)}
${renderSteps(scenario, anchor, true, links)}
</article>`;
}

/**
 * One row of the full scenario list. A failed or broken scenario is already shown in full under
 * Failures, so here it is an open pointer to that, rather than a second copy of the evidence.
 */
export function renderScenarioEntry(scenario: ScenarioResult, anchor: string, links: ScenarioLinks): Html {
  const failedOrBroken = scenario.status === 'failed' || scenario.status === 'broken';
  // A blocked scenario's evidence is its defect's: it is listed there, and its own steps stay folded here.
  const summary = html`<summary>${statusBadge(scenario.status)} <span class="scenario-name">${
    scenario.name
  }</span> <span class="muted">${scenario.uri}:${scenario.line}</span></summary>`;
  if (failedOrBroken) {
    return html`<details class="scenario scenario-${statusClass(scenario.status)}" open>${summary}
<p class="note">This scenario ${
      scenario.status
    }: its steps and exchanges are shown in full under <a href="#${anchor}">Failures</a>.</p>
</details>`;
  }
  return html`<details class="scenario scenario-${statusClass(scenario.status)}" id="${anchor}">${summary}
<div class="scenario-detail">${scenarioFacts(scenario, links)}${renderSteps(scenario, anchor, false, links)}</div>
</details>`;
}
