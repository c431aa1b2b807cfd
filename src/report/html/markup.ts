// The report's markup primitives. Everything the page shows comes from a run model that quotes what a
// target sent back, so markup is only ever built with the `html` tag: its literal text is trusted
// source code and every interpolated value goes through escapeHtml. There is deliberately no way to
// wrap an arbitrary string as markup.

/** The one escaping helper: makes any text safe both as element content and inside a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export type Interpolation = Html | string | number | false | null | undefined | readonly Interpolation[];

/** Markup known to be safe: built only by the `html` tag. */
export class Html {
  private constructor(readonly markup: string) {}

  static fromTemplate(literals: TemplateStringsArray, values: readonly Interpolation[]): Html {
    let markup = literals[0]!;
    values.forEach((value, index) => {
      markup += interpolate(value) + literals[index + 1]!;
    });
    return new Html(markup);
  }

  /** Only for preformatted(): `open` is a <pre> start tag built by `html`; the text is element content. */
  static preElement(open: Html, text: string): Html {
    return new Html(`${open.markup}${text.replace(/[&<>]/g, (char) => ESCAPES[char]!)}</pre>`);
  }
}

function interpolate(value: Interpolation): string {
  if (value instanceof Html) return value.markup;
  if (Array.isArray(value)) return value.map(interpolate).join('');
  if (value === false || value === null || value === undefined) return '';
  return escapeHtml(String(value));
}

export function html(literals: TemplateStringsArray, ...values: Interpolation[]): Html {
  return Html.fromTemplate(literals, values);
}

/**
 * A <pre> element holding `text`. Inside an element only &, < and > need escaping: a JSON body's quotes kept as
 * `&quot;` cost a tenth of the page (issue 13: a report that scales). Safe because it makes the whole element:
 * the lighter escaping can never land inside an attribute. Its attributes go through `html` as ever.
 */
export function preformatted(attributes: { class: string; id?: string }, text: string): Html {
  const open = html`<pre class="${attributes.class}"${attributes.id ? html` id="${attributes.id}"` : ''}>`;
  return Html.preElement(open, text);
}

/**
 * Element ids for scenarios, requirements and ambiguities, registered once per page so that links and
 * targets agree. Ids are reduced to [A-Za-z0-9_-] (safe in attributes and URL fragments); two raw ids
 * that reduce to the same text get numbered suffixes, in registration order, so output stays stable.
 */
export class Anchors {
  private readonly byKey = new Map<string, string>();
  private readonly taken = new Set<string>();

  /** Idempotent: the same prefix and raw id always give the same anchor. */
  register(prefix: string, rawId: string): string {
    const key = `${prefix}\u0000${rawId}`;
    const existing = this.byKey.get(key);
    if (existing) return existing;
    // Runs of other characters collapse to one '-', so a registered id never contains '--'.
    const base = `${prefix}-${rawId.replace(/[^A-Za-z0-9_]+/g, '-').replace(/^-|-$/g, '') || 'unnamed'}`;
    let anchor = base;
    for (let suffix = 2; this.taken.has(anchor); suffix += 1) anchor = `${base}-${suffix}`;
    this.taken.add(anchor);
    this.byKey.set(key, anchor);
    return anchor;
  }

  find(prefix: string, rawId: string): string | undefined {
    return this.byKey.get(`${prefix}\u0000${rawId}`);
  }
}

/**
 * A share as a percentage to one decimal, always rounded DOWN: a reviewer must never read 99.96% as
 * 100%. Integer arithmetic keeps the floor exact (2 of 3 → 66.6%, 237 of 238 → 99.5%).
 */
export function floorPercent(part: number, whole: number): string {
  if (whole <= 0) return 'n/a';
  const tenths = Math.floor((part * 1000) / whole);
  return tenths % 10 === 0 ? `${tenths / 10}%` : `${Math.floor(tenths / 10)}.${tenths % 10}%`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${((ms - minutes * 60_000) / 1000).toFixed(1)} s`;
}

/** Header lookup ignoring case: targets send `content-type`, the harness sends `Content-Type`. */
export function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return Object.entries(headers).find(([key]) => key.toLowerCase() === wanted)?.[1];
}

/** JSON bodies indented for reading; anything else (XML, text, a truncated or invalid body) exactly as sent. */
export function readableBody(body: string, contentType: string | undefined, truncated = false): string {
  const looksJson = /json/i.test(contentType ?? '') || /^\s*[[{]/.test(body);
  if (truncated || !looksJson) return body;
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/** Status words with a symbol, so that a status never depends on colour alone (greyscale, print). */
const STATUS_LABELS: Record<string, { symbol: string; cssClass: string }> = {
  passed: { symbol: '✓', cssClass: 'passed' },
  failed: { symbol: '✗', cssClass: 'failed' },
  broken: { symbol: '⚠', cssClass: 'broken' },
  blocked: { symbol: '⊘', cssClass: 'blocked' },
  advisory: { symbol: 'ℹ', cssClass: 'advisory' },
  skipped: { symbol: '–', cssClass: 'skipped' },
  undefined: { symbol: '?', cssClass: 'broken' },
  'not run': { symbol: '○', cssClass: 'not-run' },
  'not testable': { symbol: '·', cssClass: 'not-testable' },
};

export function statusBadge(status: string): Html {
  const label = STATUS_LABELS[status] ?? { symbol: '?', cssClass: 'unknown' };
  return html`<span class="status status-${
    label.cssClass
  }"><span aria-hidden="true">${label.symbol}</span> ${status}</span>`;
}

/** The CSS class for a status, from a fixed list (never from the data itself). */
export function statusClass(status: string): string {
  return STATUS_LABELS[status]?.cssClass ?? 'unknown';
}
