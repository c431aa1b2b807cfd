// Client assurance: what the mock keeps of one exchange, as the judge and the inspector read it
// (src/client-assurance/recorded-exchange.ts). Bodies are kept as text up to a limit, so one exchange
// cannot fill the memory of the ring or a line of exchanges.ndjson.
import type {
  ClientDirectory,
  RecordedRequest,
  RecordedResponse,
} from '../../src/client-assurance/recorded-exchange.ts';
import type { RequestContext } from '../context.ts';
import type { Fixtures } from '../fixtures.ts';

/** The most of a request or response body that is recorded, in bytes. */
export const RECORDED_BODY_LIMIT = 256 * 1024;

/** How long a refused request's unread body is waited for, so the refusal is not held up by a slow client. */
const UNREAD_BODY_WAIT_MS = 1000;

/** A body as text, cut to RECORDED_BODY_LIMIT bytes; absent when empty. */
export function recordedBody(body: Buffer | string | undefined): { body?: string; bodyTruncated?: boolean } {
  if (body === undefined || body.length === 0) return {};
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  if (bytes.length <= RECORDED_BODY_LIMIT) return { body: bytes.toString('utf8') };
  return { body: bytes.subarray(0, RECORDED_BODY_LIMIT).toString('utf8'), bodyTruncated: true };
}

/** The request as it arrived: NRLS-HDR-005 is about the case of header names, so the raw pairs are kept. */
export function recordedRequest(
  method: string,
  url: string,
  rawHeaders: readonly string[],
  body: Buffer | undefined,
): RecordedRequest {
  const headers: [string, string][] = [];
  for (let at = 0; at + 1 < rawHeaders.length; at += 2) headers.push([rawHeaders[at]!, rawHeaders[at + 1]!]);
  return { method, url, headers, ...recordedBody(body) };
}

export interface SentReply {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
  spineCode?: string;
}

export function recordedResponse(reply: SentReply): RecordedResponse {
  const response: RecordedResponse = {
    status: reply.status,
    headers: { ...reply.headers },
    ...recordedBody(reply.body),
  };
  if (reply.spineCode) response.spineCode = reply.spineCode;
  return response;
}

/** What the client rules know of the client systems: the mock's fixtures. */
export function clientDirectory(fixtures: Fixtures): ClientDirectory {
  return {
    spineAsid: fixtures.spineAsid,
    systems: fixtures.asids.map(({ asid, ods, interactions }) => ({ asid, ods, interactions: [...interactions] })),
    organisations: fixtures.organisations.map(({ ods, providerRole }) => ({ ods, providerRole })),
  };
}

/**
 * Whether the request declares a body no stage read, small enough to record (synchronous: most requests,
 * a GET without a body, pass on without a promise).
 */
export function hasCheapUnreadBody(ctx: RequestContext): boolean {
  const req = ctx.request;
  if (ctx.body !== undefined || req.readableEnded || req.listenerCount('data') > 0) return false;
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  const chunked = req.headers['transfer-encoding'] !== undefined;
  return (declared > 0 && declared <= RECORDED_BODY_LIMIT) || chunked;
}

/**
 * The body of a request refused before the read-body stage (a 405 or 415 to a POST), so the recording shows
 * what the client sent. Read only when it is cheap: a declared length within the limit, or a chunked body,
 * which is cut at the limit; given up (left absent) after a second. Sets ctx.body when it has it.
 */
export async function readUnreadBody(ctx: RequestContext): Promise<void> {
  if (!hasCheapUnreadBody(ctx)) return;
  const req = ctx.request;
  const chunks: Buffer[] = [];
  let size = 0;
  const complete = await new Promise<boolean>((resolve) => {
    const finish = (whole: boolean) => {
      clearTimeout(timer);
      req.off('data', collect).off('end', ended).off('error', failed);
      // Whatever is left flows on unread, so the connection stays usable for the next request.
      if (!req.readableEnded) req.resume();
      resolve(whole);
    };
    const collect = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > RECORDED_BODY_LIMIT) finish(true);
    };
    const ended = () => finish(true);
    const failed = () => finish(false);
    const timer = setTimeout(() => finish(false), UNREAD_BODY_WAIT_MS);
    req.on('data', collect).on('end', ended).on('error', failed);
  });
  if (complete) ctx.body = Buffer.concat(chunks, size);
}
