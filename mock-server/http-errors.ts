// Requests Node's HTTP server refuses before the app sees them (a head over the header size limit,
// bytes that are not HTTP, a client slower than the timeouts) still get an OperationOutcome, in the
// default XML, and the socket is closed.
import type { Socket } from 'node:net';
import { RESPONSE_CONTENT_TYPE, DEFAULT_FORMAT } from '../src/domain/fhir-format.ts';
import { OUTCOMES } from './errors/catalogue.ts';
import { createIdSource } from './interactions/ids.ts';
import { operationOutcome } from './pipeline/render.ts';
import { serialise } from './pipeline/serialise.ts';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

const CLOSE_GRACE_MS = 1_000;
/** Node's own client errors come before any app: their OperationOutcomes draw ids from a source of their own. */
const ids = createIdSource();

type ClientErrorKey = 'HEADERS_TOO_LARGE' | 'REQUEST_TIMEOUT' | 'MALFORMED_HTTP';

function classify(error: NodeJS.ErrnoException): { key: ClientErrorKey; text: string } {
  if (error.code === 'HPE_HEADER_OVERFLOW')
    return { key: 'HEADERS_TOO_LARGE', text: 'The request headers exceed the server limit of 16384 bytes' };
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return { key: 'REQUEST_TIMEOUT', text: 'The request was not received in time' };
  return { key: 'MALFORMED_HTTP', text: 'The request is not well-formed HTTP/1.1' };
}

export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || (error as { code?: string }).code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const { key, text } = classify(error);
  const { body } = serialise(operationOutcome(key, text, ids.newLogicalId(), undefined, ids), DEFAULT_FORMAT);
  const status = OUTCOMES[key].status;
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status]}\r\nContent-Type: ${RESPONSE_CONTENT_TYPE[DEFAULT_FORMAT]}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  // A client that ignores the close (keeps the half-open socket) loses it after a grace second.
  setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
}
