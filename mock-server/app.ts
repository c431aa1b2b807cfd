// Composes the mock: the NRLS pipeline for the service, json-server's router for `_admin`. This is
// the only file that knows the order of the stages (AMB-50, §2.7).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { MockConfig } from './config.ts';
import type { RequestContext } from './context.ts';
import { SpineError } from './errors/spine-error.ts';
import { diagnostics } from './errors/diagnostics.ts';
import { variantsNamed } from './faults/index.ts';
import { createIdSource, type IdSource } from './interactions/ids.ts';
import { authoriseCaller } from './pipeline/authorise.ts';
import { checkHeaders } from './pipeline/check-headers.ts';
import { checkJwt, DecodedTokens } from './pipeline/check-jwt.ts';
import { formatForEarlyError, negotiateFormat } from './pipeline/negotiate.ts';
import { Stu3JsonChecks, parseBody } from './pipeline/parse-body.ts';
import { parseQuery } from './pipeline/parse-query.ts';
import { performInteraction } from './pipeline/perform-interaction.ts';
import { ClientGone, readBody } from './pipeline/read-body.ts';
import { renderError, renderResult, type RenderedReply } from './pipeline/render.ts';
import { routeRequest } from './pipeline/route.ts';
import { createSerialiser } from './pipeline/serialise.ts';
import { validatePointer } from './pipeline/validate-pointer.ts';
import { DropConnection, simulatorVariant } from './simulator/index.ts';
import { createAdmin } from './admin.ts';
import { createInspector } from './inspector/route.ts';
import { hasCheapUnreadBody, readUnreadBody } from './recording/capture.ts';
import { openExchangeFile } from './recording/exchange-file.ts';
import { createExchangeLog, recordDroppedConnection, type ExchangeLog } from './recording/exchange-log.ts';
import { PRODUCTION_RULES, type Rules, type Stage, type StageName, type Variant } from './rules.ts';
import { PersistenceFailure, PointerStore } from './store/pointer-store.ts';
import { seedState } from './store/seed.ts';
import { mandatoryValueTest } from './validation/mandatory-elements.ts';
import { compilePointerValidator, type PointerValidator } from './validation/pointer-validator.ts';

/**
 * The stages in order (AMB-50, §2.7), each given its rules and the app's own state (decoded tokens,
 * the compiled profile, the id pool), then wrapped by any variant named for it.
 */
function pipeline(config: MockConfig, rules: Rules, variants: readonly Variant[], ids: IdSource): Stage[] {
  const tokens = new DecodedTokens();
  const stu3Checks = new Stu3JsonChecks();
  const { schema, violationErrors } = rules.pointer;
  let compiled: PointerValidator | undefined;
  const validator = () => (compiled ??= compilePointerValidator(schema(config.fixtures.recordTypes), violationErrors));
  // Required elements do not depend on the record-type value set, only their allowed values do.
  const isMandatory = mandatoryValueTest(schema([]));
  const stages: [StageName, Stage][] = [
    ['route', routeRequest], // 1 route and method
    ['negotiate', (ctx) => negotiateFormat(ctx, rules.format)], // 2 _format (415)
    ['readBody', (ctx) => readBody(ctx, rules.readBody)], // 2 empty POST body, size limit
    ['checkJwt', (ctx) => checkJwt(ctx, rules.jwt, tokens)], // 3 Authorization and JWT
    ['checkHeaders', (ctx) => checkHeaders(ctx, rules.headers)], // 4 fromASID, toASID
    ['authorise', (ctx) => authoriseCaller(ctx, rules.authorise)], // 5 ASID interactions
    ['parseBody', (ctx) => parseBody(ctx, rules.parseBody, isMandatory, stu3Checks)], // 6 body syntax
    ['parseQuery', (ctx) => parseQuery(ctx, rules.query)], // 7 query parameters
    ['validatePointer', (ctx) => validatePointer(ctx, rules.pointer, validator)], // 8 profile, rules without lookups
    ['performInteraction', (ctx) => performInteraction(ctx, rules, ids)], // 9-13 duplicates, ownership, records
  ];
  const wrap = (name: StageName, stage: Stage) =>
    variants.reduce((wrapped, variant) => variant.stages?.[name]?.(wrapped, rules) ?? wrapped, stage);
  return stages.map(([name, stage]) => wrap(name, stage));
}

/** AMB-39 default: what the live Spine sends since 1.2.3. */
const INTERNAL_ERROR_HTML =
  '<html><title>500: Internal Server Error</title><body>500: Internal Server Error</body></html>';

export interface MockApp {
  /** A Node request listener: give it to http.createServer or to supertest. */
  handle: (req: IncomingMessage, res: ServerResponse) => void;
  store: PointerStore;
  config: MockConfig;
  /** The exchanges of the NRLS service part, judged (client assurance): the inspector's, and `--record`'s. */
  exchangeLog: ExchangeLog;
}

const SAFE_HOST = /^[A-Za-z0-9.\-:[\]]{1,255}$/;

function splitTarget(target: string): { pathname: string; search: string } {
  const at = target.indexOf('?');
  return at < 0 ? { pathname: target, search: '' } : { pathname: target.slice(0, at), search: target.slice(at + 1) };
}

export function createMockApp(config: MockConfig, store = new PointerStore(seedState(config.fixtures))): MockApp {
  // Its kept forms of pointers belong to this app and its store: none is shared with another app.
  const serialise = createSerialiser(store);
  // The simulator triggers (client assurance) are one more variant, outermost, and only when configured.
  const variants = [
    ...variantsNamed(config.faults?.names ?? []),
    ...(config.triggers ? [simulatorVariant(config.triggers)] : []),
  ];
  const rules = variants.reduce((composed, variant) => variant.rules?.(composed) ?? composed, PRODUCTION_RULES);
  const ids = createIdSource();
  const admin = createAdmin(config, store, ids);
  const stages = pipeline(config, rules, variants, ids);
  const adminPrefix = `${config.basePath}/_admin`;
  const exchangeLog = createExchangeLog(config.fixtures, {
    capacity: config.recordCapacity,
    judge: config.judgeExchange,
    file: config.recordDir ? openExchangeFile(config.recordDir, config.reportInternalError) : undefined,
    reportInternalError: config.reportInternalError,
  });
  const inspector = createInspector(config.basePath, exchangeLog);
  const inspectorPrefix = `${config.basePath}/_inspector`;

  const respond = (ctx: RequestContext, res: ServerResponse, rendered: RenderedReply | 'internal', reason?: string) => {
    let status: number;
    let body: string | Buffer = '';
    let headers: Record<string, string>;
    let spineCode: string | undefined;
    if (rendered === 'internal' && config.internalErrorBody === 'html') {
      status = 500;
      body = INTERNAL_ERROR_HTML;
      headers = { 'Content-Type': 'text/html;charset=utf-8' };
    } else {
      const internal = () => {
        const error = new SpineError('INTERNAL_SERVER_ERROR', diagnostics.internalError(ctx.messageId));
        return renderError(error, ctx.messageId, ids);
      };
      const reply = rules.http.reply(rendered === 'internal' ? internal() : rendered, ctx);
      ({ status, spineCode } = reply);
      headers = { ...reply.headers };
      if (reply.resource) {
        // NRLS-FMT-011: the negotiated format, or the format a request refused early could name.
        const format = rules.http.format(reply, ctx.format ?? formatForEarlyError(ctx, rules.format));
        const wire = rules.http.wire(serialise(reply.resource, format), reply, ctx);
        body = wire.body;
        headers['Content-Type'] = wire.contentType;
      }
    }
    headers['Content-Length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.length);
    // Recorded before it is sent: once the client has the answer, the exchange is in the log (and on disk).
    exchangeLog.answered(ctx, { status, headers, body, spineCode });
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
      // A body no stage read (a GET or DELETE carrying one) is still recorded, for the client rules.
      if (hasCheapUnreadBody(ctx)) await readUnreadBody(ctx);
      respond(ctx, res, renderResult(ctx, ctx.result!, ids));
    } catch (thrown) {
      if (thrown instanceof SpineError) {
        await readUnreadBody(ctx); // a refusal before the body was read: recorded with it, when cheap
        return respond(ctx, res, renderError(rules.http.refusal(thrown), ctx.messageId, ids), thrown.reason);
      }
      if (thrown instanceof ClientGone) return void req.destroy();
      if (thrown instanceof DropConnection) {
        // Recorded as dropped (status 0), with the trigger that dropped it, then the socket is destroyed.
        recordDroppedConnection(exchangeLog, ctx);
        return void req.socket.destroy();
      }
      if (!(thrown instanceof PersistenceFailure)) config.reportInternalError(thrown);
      respond(ctx, res, 'internal', (thrown as Error).message);
    }
  };

  return {
    store,
    config,
    exchangeLog,
    handle(req, res) {
      const { pathname, search } = splitTarget(req.url ?? '/');
      if (pathname === adminPrefix || pathname.startsWith(`${adminPrefix}/`)) return admin(req, res);
      if (pathname === inspectorPrefix || pathname.startsWith(`${inspectorPrefix}/`)) {
        return inspector(req, res, pathname, search);
      }
      handleNrls(req, res, pathname, search).catch((error: unknown) => {
        config.reportInternalError(error);
        if (!res.headersSent) res.writeHead(500).end();
      });
    },
  };
}
