// Composes the mock: the NRLS pipeline for the service, json-server's router for `_admin`. This is
// the only file that knows the order of the stages (AMB-50, §2.7).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { MockConfig } from './config.ts';
import type { FhirFormat } from '../src/domain/fhir-format.ts';
import type { RequestContext } from './context.ts';
import { SpineError } from './errors/spine-error.ts';
import { diagnostics } from './errors/diagnostics.ts';
import { authoriseCaller } from './pipeline/authorise.ts';
import { checkHeaders } from './pipeline/check-headers.ts';
import { checkJwt } from './pipeline/check-jwt.ts';
import { formatForEarlyError, negotiateFormat } from './pipeline/negotiate.ts';
import { parseBody } from './pipeline/parse-body.ts';
import { parseQuery } from './pipeline/parse-query.ts';
import { performInteraction } from './pipeline/perform-interaction.ts';
import { ClientGone, readBody } from './pipeline/read-body.ts';
import { renderError, renderResult, type RenderedReply } from './pipeline/render.ts';
import { routeRequest } from './pipeline/route.ts';
import { createSerialiser } from './pipeline/serialise.ts';
import { validatePointer } from './pipeline/validate-pointer.ts';
import { createAdmin } from './admin.ts';
import { PersistenceFailure, PointerStore } from './store/pointer-store.ts';
import { seedState } from './store/seed.ts';

type Stage = (ctx: RequestContext) => void | Promise<void>;

const stages: Stage[] = [
  routeRequest, // 1 route and method
  negotiateFormat, // 2 _format (415)
  readBody, // 2 empty POST body, size limit
  checkJwt, // 3 Authorization and JWT
  checkHeaders, // 4 fromASID, toASID
  authoriseCaller, // 5 ASID interactions
  parseBody, // 6 body syntax
  parseQuery, // 7 query parameters
  validatePointer, // 8 profile and rules without lookups
  performInteraction, // 9-13 duplicates, ownership, organisations, records, persistence
];

/** AMB-39 default: what the live Spine sends since 1.2.3. */
const INTERNAL_ERROR_HTML = '<html><title>500: Internal Server Error</title><body>500: Internal Server Error</body></html>';

export interface MockApp {
  /** A Node request listener: give it to http.createServer or to supertest. */
  handle: (req: IncomingMessage, res: ServerResponse) => void;
  store: PointerStore;
  config: MockConfig;
}

const SAFE_HOST = /^[A-Za-z0-9.\-:[\]]{1,255}$/;

/** The format of a reply: the negotiated one (NRLS-FMT-011), or the format a request could name early. */
function replyFormat(ctx: RequestContext, status: number): FhirFormat {
  if (status >= 400 && ctx.config.faults.on('errors-always-xml')) return 'xml';
  if (ctx.result?.kind === 'resource') return 'json'; // only under a fault; no STU3 XML definition is loaded for it
  return ctx.format ?? formatForEarlyError(ctx);
}

function splitTarget(target: string): { pathname: string; search: string } {
  const at = target.indexOf('?');
  return at < 0 ? { pathname: target, search: '' } : { pathname: target.slice(0, at), search: target.slice(at + 1) };
}

export function createMockApp(config: MockConfig, store = new PointerStore(seedState(config.fixtures))): MockApp {
  const admin = createAdmin(config, store);
  // Its kept forms of pointers belong to this app and its store: none is shared with another app.
  const serialise = createSerialiser(store);
  const adminPrefix = `${config.basePath}/_admin`;

  const respond = (ctx: RequestContext, res: ServerResponse, reply: RenderedReply | 'internal', reason?: string) => {
    let status: number;
    let body: string | Buffer = '';
    let headers: Record<string, string>;
    let spineCode: string | undefined;
    if (reply === 'internal' && config.internalErrorBody === 'html') {
      status = 500;
      body = INTERNAL_ERROR_HTML;
      headers = { 'Content-Type': 'text/html;charset=utf-8' };
    } else {
      const rendered =
        reply === 'internal'
          ? renderError(new SpineError('INTERNAL_SERVER_ERROR', diagnostics.internalError(ctx.messageId)), ctx.messageId, config.faults)
          : reply;
      ({ status, spineCode } = rendered);
      headers = { ...rendered.headers };
      if (rendered.resource) {
        const wire = serialise(rendered.resource, replyFormat(ctx, status), ctx);
        body = wire.body;
        headers['Content-Type'] = wire.contentType;
      }
    }
    headers['Content-Length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.length);
    res.writeHead(status, headers);
    res.end(body);
    if (config.log) {
      const elapsed = (performance.now() - ctx.receivedAt).toFixed(1);
      const target = ctx.request.url ?? '';
      const shown = target.length > 200 ? `${target.slice(0, 200)}…` : target;
      config.log(`${ctx.method} ${shown} ${status} ${spineCode ?? '-'} ${elapsed}ms${reason ? ` (${reason})` : ''}`);
    }
  };

  const handleNrls = async (req: IncomingMessage, res: ServerResponse, pathname: string, search: string) => {
    const rawHost = req.headers.host;
    const host = rawHost && SAFE_HOST.test(rawHost) ? rawHost : `${req.socket.localAddress}:${req.socket.localPort}`;
    const inBase = pathname === config.basePath || pathname.startsWith(`${config.basePath}/`);
    const scheme = (req.socket as TLSSocket).encrypted ? 'https' : 'http';
    const ctx: RequestContext = {
      request: req,
      method: req.method ?? 'GET',
      path: inBase ? pathname.slice(config.basePath.length) || '/' : pathname,
      query: new URLSearchParams(search),
      requestUrl: `${scheme}://${host}${req.url ?? ''}`,
      serviceBase: `${scheme}://${host}${config.basePath}`,
      config,
      store,
      messageId: randomUUID(),
      receivedAt: performance.now(),
    };
    try {
      if (!inBase) throw new SpineError('UNKNOWN_PATH', diagnostics.unknownPath(pathname));
      for (const stage of stages) {
        // Most stages are synchronous: awaiting only the ones that are saves a microtask per stage.
        const pending = stage(ctx);
        if (pending) await pending;
        if (ctx.result) break;
      }
      respond(ctx, res, renderResult(ctx, ctx.result!));
    } catch (thrown) {
      if (thrown instanceof SpineError) return respond(ctx, res, renderError(thrown, ctx.messageId, config.faults), thrown.reason);
      if (thrown instanceof ClientGone) return void req.destroy();
      if (!(thrown instanceof PersistenceFailure)) config.reportInternalError(thrown);
      respond(ctx, res, 'internal', (thrown as Error).message);
    }
  };

  return {
    store,
    config,
    handle(req, res) {
      const { pathname, search } = splitTarget(req.url ?? '/');
      if (pathname === adminPrefix || pathname.startsWith(`${adminPrefix}/`)) return admin(req, res);
      handleNrls(req, res, pathname, search).catch((error: unknown) => {
        config.reportInternalError(error);
        if (!res.headersSent) res.writeHead(500).end();
      });
    },
  };
}
