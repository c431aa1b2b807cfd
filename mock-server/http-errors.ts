// Requests Node's HTTP parser refuses before the app sees them (a head over the header size limit,
// bytes that are not HTTP) still get an OperationOutcome, in the default XML, and the socket is closed.
import type { Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { RESPONSE_CONTENT_TYPE, DEFAULT_FORMAT } from '../src/domain/fhir-format.ts';
import { OUTCOMES } from './errors/catalogue.ts';
import { operationOutcome } from './pipeline/render.ts';
import { serialise } from './pipeline/serialise.ts';

const REASONS: Record<number, string> = { 400: 'Bad Request', 431: 'Request Header Fields Too Large' };

export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || (error as { code?: string }).code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const key = tooLarge ? 'HEADERS_TOO_LARGE' : 'MALFORMED_HTTP';
  const text = tooLarge ? 'The request headers exceed the server limit of 16384 bytes' : 'The request is not well-formed HTTP/1.1';
  const { body } = serialise(operationOutcome(key, text, randomUUID()), DEFAULT_FORMAT);
  const status = OUTCOMES[key].status;
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status]}\r\nContent-Type: ${RESPONSE_CONTENT_TYPE[DEFAULT_FORMAT]}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
