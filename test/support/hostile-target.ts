// Targets that misbehave on purpose, for the harness's crash-safety tests. Each mode answers an NRLS
// interaction (a request carrying fromASID) in one hostile way. The reachability probe (a bare GET with
// no NRLS headers) gets a plain 200, as a gateway in front of a broken service would give, and the
// preflight's requests (a search for a patient, a delete of an id no pointer has) get an NRLS's answer,
// so that the scenarios run; with `probeToo` and `preflightToo` those meet the mode as well.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const HOSTILE_MODES = [
  'hang',
  'stall',
  'html',
  'huge',
  'invalid-fhir',
  'redirect',
  'echo-markup',
  'crash',
] as const;
export type HostileMode = (typeof HOSTILE_MODES)[number];

export interface HostileOptions {
  /** Where `redirect` sends the client (another host). */
  redirectTo?: string;
  /** The probe meets the mode too, instead of a plain 200. */
  probeToo?: boolean;
  /** The preflight's requests meet the mode too, instead of an NRLS's answers. */
  preflightToo?: boolean;
}

const PATIENT_SEARCH =
  /^\/DocumentReference\?subject=https%3A%2F%2Fdemographics\.spineservices\.nhs\.uk%2FSTU3%2FPatient%2F\d{10}$/;

/** What an NRLS answers the preflight (src/runner/preflight.ts): an empty Bundle, and no record for an unknown id. */
function answerPreflight(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method === 'GET' && PATIENT_SEARCH.test(req.url ?? '')) {
    res
      .writeHead(200, { 'content-type': FHIR_JSON })
      .end(JSON.stringify({ resourceType: 'Bundle', id: 'preflight', type: 'searchset', total: 0 }));
    return true;
  }
  if (req.method === 'DELETE' && /[?&]_id=nrls-conformance-preflight-/.test(req.url ?? '')) {
    res.writeHead(404, { 'content-type': FHIR_JSON }).end(
      JSON.stringify({
        resourceType: 'OperationOutcome',
        id: 'preflight',
        issue: [
          {
            severity: 'error',
            code: 'not-found',
            details: {
              coding: [
                {
                  system: 'https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1',
                  code: 'NO_RECORD_FOUND',
                  display: 'No record found',
                },
              ],
            },
          },
        ],
      }),
    );
    return true;
  }
  return false;
}

export interface HostileTarget {
  baseUrl: string;
  /** Requests received, the probe's included. */
  readonly requests: number;
  /** Bytes of body written (the `huge` mode stops when the client hangs up). */
  readonly bodyBytesSent: number;
  close(): Promise<void>;
}

/** The `huge` body: more than six times what the harness reads. */
export const HUGE_BODY_BYTES = 64 * 1024 * 1024;
/** What `echo-markup` puts into diagnostics: markup that must reach a report only escaped, and a long value. */
export const ECHOED_MARKUP = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>'] as const;
export const ECHOED_LONG_VALUE = `long-${'x'.repeat(5 * 1024)}-end`;

const FHIR_JSON = 'application/fhir+json;charset=utf-8';
const FHIR_XML = 'application/fhir+xml;charset=utf-8';

const HTML_PAGES = {
  200:
    '<!DOCTYPE html><html><head><title>Welcome</title></head><body><h1>It ' +
    'works!</h1><script>alert("page")</script></body></html>',
  400:
    '<html><head><title>400 Bad Request</title></head><body><center><h1>400 ' +
    'Bad Request</h1></center><hr><center>nginx</center></body></html>',
};

/** A Spine OperationOutcome of the right shape (INVALID_PARAMETER), so that checks reach its diagnostics. */
function echoingOutcome(): string {
  return JSON.stringify({
    resourceType: 'OperationOutcome',
    id: 'hostile-outcome',
    meta: { profile: ['https://fhir.nhs.uk/STU3/StructureDefinition/Spine-OperationOutcome-1'] },
    issue: [
      {
        severity: 'error',
        code: 'invalid',
        details: {
          coding: [
            {
              system: 'https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1',
              code: 'INVALID_PARAMETER',
              display: 'Invalid parameter',
            },
          ],
        },
        diagnostics: `${ECHOED_MARKUP.join(' ')} ${ECHOED_LONG_VALUE}`,
      },
    ],
  });
}

/**
 * Not FHIR, in three ways, chosen by the request so that one small tag expression meets all three: an
 * XML request gets XML outside the FHIR namespace, a JSON create gets JSON with no resourceType, and a
 * JSON search gets an OperationOutcome whose issue is not an array. Statuses are the ones the scenarios
 * expect, so that the checks get as far as the body.
 */
function sendInvalidFhir(req: IncomingMessage, res: ServerResponse): void {
  if (/xml/.test(req.headers.accept ?? '')) {
    res
      .writeHead(201, { 'content-type': FHIR_XML })
      .end(
        '<?xml version="1.0"?><OperationOutcome xmlns="urn:example:not-fhir"><issue ' +
          'severity="information"/></OperationOutcome>',
      );
  } else if (req.method === 'POST') {
    res.writeHead(201, { 'content-type': FHIR_JSON }).end(JSON.stringify({ created: true, id: 'not-a-resource' }));
  } else {
    res
      .writeHead(400, { 'content-type': FHIR_JSON })
      .end(JSON.stringify({ resourceType: 'OperationOutcome', issue: { severity: 'error', code: 'invalid' } }));
  }
}

/** Streams HUGE_BODY_BYTES, honouring backpressure, until done or the client hangs up. */
function sendHuge(res: ServerResponse, counted: (bytes: number) => void): void {
  const chunk = Buffer.alloc(64 * 1024, ' ');
  let left = HUGE_BODY_BYTES;
  res.writeHead(200, { 'content-type': FHIR_JSON, 'content-length': String(HUGE_BODY_BYTES) });
  const pump = () => {
    while (left > 0 && !res.destroyed) {
      left -= chunk.length;
      counted(chunk.length);
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    if (left <= 0) res.end();
  };
  pump();
}

function answer(
  mode: HostileMode,
  req: IncomingMessage,
  res: ServerResponse,
  options: HostileOptions,
  counted: (bytes: number) => void,
): void {
  switch (mode) {
    case 'hang':
      return; // the connection stays open and nothing is ever sent
    case 'stall':
      res.writeHead(200, { 'content-type': FHIR_JSON, 'content-length': '4096' });
      res.flushHeaders();
      return;
    case 'html': {
      const status = req.method === 'GET' ? 200 : 400;
      res.writeHead(status, { 'content-type': 'text/html' }).end(HTML_PAGES[status]);
      return;
    }
    case 'huge':
      sendHuge(res, counted);
      return;
    case 'invalid-fhir':
      sendInvalidFhir(req, res);
      return;
    case 'redirect':
      res
        .writeHead(302, {
          location: `${options.redirectTo ?? 'http://192.0.2.1'}${req.url}`,
          'content-type': 'text/html',
        })
        .end('<a href="elsewhere">Found</a>');
      return;
    case 'echo-markup':
      res.writeHead(400, { 'content-type': FHIR_JSON, 'x-echo': ECHOED_MARKUP[1] }).end(echoingOutcome());
      return;
    case 'crash': {
      res.writeHead(200, { 'content-type': FHIR_JSON });
      res.write('{"resourceType":"Bundle","type":"searchset","tot', () => req.socket.destroy());
      return;
    }
  }
}

function listen(server: Server): Promise<string> {
  return new Promise((ready) =>
    server.listen(0, '127.0.0.1', () => ready(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

function closer(server: Server): () => Promise<void> {
  return () => {
    server.closeAllConnections();
    return new Promise((closed) => server.close(() => closed()));
  };
}

export async function startHostileTarget(mode: HostileMode, options: HostileOptions = {}): Promise<HostileTarget> {
  let requests = 0;
  let bodyBytesSent = 0;
  const server = createServer((req, res) => {
    requests += 1;
    req.resume(); // read and drop the request body
    if (!options.probeToo && req.headers.fromasid === undefined)
      return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    if (!options.preflightToo && answerPreflight(req, res)) return;
    answer(mode, req, res, options, (bytes) => (bodyBytesSent += bytes));
  });
  const baseUrl = await listen(server);
  return {
    baseUrl,
    get requests() {
      return requests;
    },
    get bodyBytesSent() {
      return bodyBytesSent;
    },
    close: closer(server),
  };
}

/** Another host, that only counts what reaches it: a redirect must not. */
export async function startCountingServer(): Promise<{
  baseUrl: string;
  readonly requests: number;
  close(): Promise<void>;
}> {
  let requests = 0;
  const server = createServer((req, res) => {
    requests += 1;
    req.resume();
    res.writeHead(200, { 'content-type': 'text/plain' }).end('you should not be here');
  });
  const baseUrl = await listen(server);
  return {
    baseUrl,
    get requests() {
      return requests;
    },
    close: closer(server),
  };
}
