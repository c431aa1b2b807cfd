// `GET {base}/_inspector`: one self-contained page (inline style and script, nothing fetched but the mock's
// own exchanges.json) showing the latest exchanges the mock recorded and how the client rules judged them.
import type { RecordedExchange } from '../../src/client-assurance/recorded-exchange.ts';
import { INSPECTOR_SCRIPT } from './page-script.ts';
import { INSPECTOR_STYLE } from './page-style.ts';

export interface InspectorPageData {
  /** The absolute path of exchanges.json, e.g. `/nrls-ri/_inspector/exchanges.json`. */
  jsonUrl: string;
  /** The service base path ('' for the root), shown in the heading. */
  basePath: string;
  /** How many exchanges the mock keeps. */
  capacity: number;
  /** The kept exchanges when the page was asked for, oldest first: shown without a first fetch. */
  exchanges: RecordedExchange[];
}

/** The page forbids itself everything but its own inline parts and the mock's JSON. */
export const INSPECTOR_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; " +
  "img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** JSON inside a script element: `<` escaped so no body text can close the element. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

export function inspectorPage(data: InspectorPageData): string {
  const base = escapeHtml(data.basePath || '/');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>NRLS mock inspector</title>
<style>${INSPECTOR_STYLE}</style>
</head>
<body>
<header>
  <h1>NRLS mock inspector</h1>
  <p>The latest ${data.capacity} requests that client systems sent to the mock at <code>${base}</code>, newest
  first, each judged by the client rules of NRLS 1.2.x. Choose a request to see it, the answer and the rules.</p>
</header>
<main>
  <form class="filters" aria-label="Filters" onsubmit="return false">
    <label>fromASID <select id="asid"><option value="">All ASIDs</option></select></label>
    <label>Verdict <select id="verdict">
      <option value="all">All</option><option value="failed">Failed</option><option value="passed">Passed</option>
    </select></label>
    <span id="count" class="muted"></span>
    <span id="live" class="live" role="status" aria-live="polite"></span>
  </form>
  <table class="exchanges">
    <caption class="visually-hidden">Exchanges, newest first</caption>
    <thead><tr><th scope="col">Time</th><th scope="col">fromASID</th><th scope="col">Request</th>
      <th scope="col">Status</th><th scope="col">Trigger</th><th scope="col">Verdict</th></tr></thead>
    <tbody id="rows"></tbody>
  </table>
  <p id="empty" class="empty">No exchanges match yet. Send a request to the mock and it appears here.</p>
  <noscript><p>This page needs JavaScript. The exchanges are at
    <a href="${escapeHtml(data.jsonUrl)}">${escapeHtml(data.jsonUrl)}</a>.</p></noscript>
</main>
<script type="application/json" id="inspector-data">${scriptJson({
    jsonUrl: data.jsonUrl,
    capacity: data.capacity,
    exchanges: data.exchanges,
  })}</script>
<script>${INSPECTOR_SCRIPT}</script>
</body>
</html>
`;
}
