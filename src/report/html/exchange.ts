// One HTTP exchange as evidence, folded: method, URL and status on its summary line; opened, the request
// and the response side by side, headers as sent, JSON bodies indented, a repeated body linked to its
// first copy (bodies.ts), and the transport error when nothing came back.
import type { Exchange } from '../exchange.ts';
import type { Bodies } from './bodies.ts';
import { formatDuration, headerValue, html, type Html, preformatted, readableBody } from './markup.ts';

/** Headers as they go on the wire, one `name: value` a line: a table per exchange cost a sixth of the page. */
function headersBlock(caption: string, headers: Record<string, string>): Html {
  const entries = Object.entries(headers);
  if (entries.length === 0) return html`<p class="muted">${caption}: none</p>`;
  return html`<p class="label">${caption}</p><pre class="headers">${entries.map(
    ([name, value], index) => html`${index > 0 ? '\n' : ''}<b>${name}</b>: ${value}`,
  )}</pre>`;
}

function bodyBlock(
  bodies: Bodies,
  label: string,
  body: string | undefined,
  contentType: string | undefined,
  truncated = false,
): Html {
  if (body === undefined || body === '') return html`<p class="muted">${label}: empty</p>`;
  const type = contentType ? html` <span class="muted">(${contentType})</span>` : '';
  const heading = html`<p class="label">${label}${type}</p>`;
  const shown = bodies.place(body, `${contentType ?? ''} ${truncated}`);
  if (shown.earlier) {
    const link = html`<a href="#${shown.id}">the body shown earlier</a>`;
    return html`${heading}<p class="same-body">The same ${body.length} characters as ${link}${
      truncated ? ' (truncated to the evidence size limit)' : ''
    }.</p>`;
  }
  return html`${heading}${preformatted({ class: 'body', id: shown.id }, readableBody(body, contentType, truncated))}`;
}

export const outcomeOf = (exchange: Exchange) => (exchange.response ? String(exchange.response.status) : 'no response');

const JWT_LABEL = [
  html`<p class="label">Decoded JWT claims <span class="muted">(the token itself is redacted from this `,
  html`report)</span></p>`,
];

export function renderExchange(exchange: Exchange, id: string, open: boolean, bodies: Bodies): Html {
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
${headersBlock('Request headers', request.headers)}
${
  request.jwtClaims
    ? html`${JWT_LABEL}
${preformatted({ class: 'body' }, JSON.stringify(request.jwtClaims, null, 2))}`
    : ''
}
${bodyBlock(bodies, 'Request body', request.body, headerValue(request.headers, 'content-type'))}
</section>
<section class="response" aria-label="Response">
<h4 class="pane-title">Response</h4>
${
  response
    ? html`<p class="response-status">HTTP <strong>${response.status}</strong></p>
${headersBlock('Response headers', response.headers)}
${bodyBlock(bodies, 'Response body', response.body, headerValue(response.headers, 'content-type'), response.truncated)}
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
