// json-server's own router over the same lowdb database, at `{base}/_admin`, so testers can inspect and
// seed raw pointers (no NRLS headers or validation: it is a test tool, not part of NRLS). Its writes
// reindex the store. `POST {base}/_admin/reset` restores the seeded fixtures.
import type { IncomingMessage, ServerResponse } from 'node:http';
import jsonServer from 'json-server';
import type { MockConfig } from './config.ts';
import { operationOutcome } from './pipeline/render.ts';
import type { PointerStore } from './store/pointer-store.ts';
import { seedState } from './store/seed.ts';
import type { IdSource } from './interactions/ids.ts';
import { OUTCOMES } from './errors/catalogue.ts';

const ADMIN_PARTS = '(collections: DocumentReference, knownPatients; POST reset)';

interface ExpressResponse extends ServerResponse {
  locals: { data?: unknown };
  status(code: number): ExpressResponse;
  json(body: unknown): void;
  jsonp(body: unknown): void;
}

type AdminOutcome = 'ADMIN_NOT_FOUND' | 'ADMIN_BAD_REQUEST' | 'ADMIN_STORE_FAILED';

export type AdminHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** The admin routes of one app; its OperationOutcomes take their ids from the app's source. */
export function createAdmin(config: MockConfig, store: PointerStore, ids: IdSource): AdminHandler {
  const sendOutcome = (res: ExpressResponse, key: AdminOutcome, text: string): void => {
    res.status(OUTCOMES[key].status);
    res.setHeader('Content-Type', 'application/fhir+json;charset=utf-8');
    res.end(JSON.stringify(operationOutcome(key, text, ids.newLogicalId(), undefined, ids)));
  };
  /** Answers a change the store could not make durable, and undid (or, rarely, could not undo either). */
  const storeFailed = (res: ExpressResponse, what: string) => (error: Error) => {
    const undone = error instanceof AggregateError ? 'nor undone' : 'and was undone';
    sendOutcome(res, 'ADMIN_STORE_FAILED', `${what} could not be written to the store ${undone}: ${error.message}`);
  };
  const app = jsonServer.create();
  const prefix = `${config.basePath}/_admin`;
  app.post(`${prefix}/reset`, (_req: IncomingMessage, res: ExpressResponse) => {
    // A reset that cannot be written is undone: a failure of the store (500), not a bad request.
    store
      .replaceState(seedState(config.fixtures))
      .then(() => res.json({ reset: true, pointers: store.size }), storeFailed(res, 'The reset'));
  });
  const router = jsonServer.router(store.db);
  // json-server ends its router with a handler that answers any error with a 500 and the stack trace;
  // client errors (malformed JSON, a duplicate id) get the 400 below instead.
  router.stack = router.stack.filter((layer: { handle: { length: number } }) => layer.handle.length !== 4);
  router.render = (req: IncomingMessage, res: ExpressResponse) => {
    const send = () => {
      if (res.statusCode !== 404) return res.jsonp(res.locals.data);
      sendOutcome(res, 'ADMIN_NOT_FOUND', `${req.method} ${req.url}: no such record in the mock store`);
    };
    if (req.method === 'GET') return send();
    // A write is answered only once it is durable (with --db, on disk), like the NRLS routes.
    store.externalWriteSettled().then(send, storeFailed(res, 'The change'));
  };
  app.use(prefix, router);
  app.use((req: IncomingMessage, res: ExpressResponse) =>
    sendOutcome(res, 'ADMIN_NOT_FOUND', `${req.method} ${req.url} is not part of the admin API ${ADMIN_PARTS}`),
  );
  app.use((error: Error, _req: IncomingMessage, res: ExpressResponse, _next: unknown) =>
    sendOutcome(res, 'ADMIN_BAD_REQUEST', `The admin request was refused: ${error.message}`),
  );
  return app;
}
