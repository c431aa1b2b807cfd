// `{base}/_inspector`: the page, and `{base}/_inspector/exchanges.json?after=SEQ&asid=A&verdict=failed|passed`
// → {"exchanges": RecordedExchange[]} oldest first. A tool for testers, not part of NRLS: its errors are
// plain JSON, and it is never recorded itself.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExchangeFilter, ExchangeLog } from '../recording/exchange-log.ts';
import { INSPECTOR_CSP, inspectorPage } from './page.ts';

export type InspectorHandler = (req: IncomingMessage, res: ServerResponse, pathname: string, search: string) => void;

function send(res: ServerResponse, status: number, contentType: string, body: string, extra = {}): void {
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...extra,
  });
  res.end(body);
}

const sendJson = (res: ServerResponse, status: number, value: unknown, extra = {}) =>
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value), extra);

/** The filter of exchanges.json's query, or the one line saying which parameter is wrong. */
export function exchangeFilter(query: URLSearchParams): ExchangeFilter | string {
  const filter: ExchangeFilter = {};
  const after = query.get('after');
  if (after !== null && after !== '') {
    if (!/^\d{1,15}$/.test(after)) return `after must be a sequence number (0, 1, 2 …), not "${after}"`;
    filter.after = Number(after);
  }
  const asid = query.get('asid');
  if (asid) filter.asid = asid;
  const verdict = query.get('verdict');
  if (verdict === 'failed' || verdict === 'passed') filter.verdict = verdict;
  else if (verdict && verdict !== 'all') return `verdict must be failed, passed or all, not "${verdict}"`;
  return filter;
}

/** The inspector of one app, at `{basePath}/_inspector`. */
export function createInspector(basePath: string, log: ExchangeLog): InspectorHandler {
  const prefix = `${basePath}/_inspector`;
  const jsonUrl = `${prefix}/exchanges.json`;
  return (req, res, pathname, search) => {
    const rest = pathname.slice(prefix.length);
    const page = rest === '' || rest === '/';
    if (!page && rest !== '/exchanges.json') {
      return sendJson(res, 404, { error: `${pathname}: no such inspector page (the page is ${prefix})` });
    }
    if (req.method !== 'GET') {
      return sendJson(
        res,
        405,
        { error: `${req.method} ${pathname}: the inspector only answers GET` },
        { Allow: 'GET' },
      );
    }
    if (page) {
      const html = inspectorPage({ jsonUrl, basePath, capacity: log.capacity, exchanges: log.latest() });
      return send(res, 200, 'text/html; charset=utf-8', html, { 'Content-Security-Policy': INSPECTOR_CSP });
    }
    const filter = exchangeFilter(new URLSearchParams(search));
    if (typeof filter === 'string') return sendJson(res, 400, { error: filter });
    sendJson(res, 200, { exchanges: log.latest(filter) });
  };
}
