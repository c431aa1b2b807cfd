// Stage 3: the request body, bounded. A POST with no body is refused here, before the headers
// (NRLS-CREATE-028, AMB-50 step 2), as the reference implementation does.
import type { RequestContext } from '../context.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';

/** The client went away mid-request: there is nobody to answer. */
export class ClientGone extends Error {}

/** How far past the limit the mock keeps reading (and discarding) so the client can read the 413. */
const DRAIN_FACTOR = 16;

const tooLarge = (limit: number) =>
  new SpineError('PAYLOAD_TOO_LARGE', diagnostics.payloadTooLarge(limit), { headers: { Connection: 'close' } });

export interface ReadBodyRules {
  /** NRLS-CREATE-028 (AMB-50 step 2): the refusal of a create with no body. */
  emptyBody(): SpineError;
}

export const READ_BODY_RULES: ReadBodyRules = {
  emptyBody: () =>
    new SpineError('INVALID_REQUEST_MESSAGE', diagnostics.invalidRequestMessage(), {
      reason: 'the request body is empty',
    }),
};

/** Only a create has a body: every other request passes this stage without waiting. */
export function readBody(ctx: RequestContext, rules: ReadBodyRules): void | Promise<void> {
  if (ctx.interaction !== 'create') return;
  return readCreateBody(ctx, rules);
}

async function readCreateBody(ctx: RequestContext, rules: ReadBodyRules): Promise<void> {
  const limit = ctx.config.bodyLimitBytes;
  const declared = Number(ctx.request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit * DRAIN_FACTOR) {
    throw tooLarge(limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  await new Promise<void>((resolve, reject) => {
    ctx.request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > limit * DRAIN_FACTOR) {
        ctx.request.removeAllListeners('data');
        ctx.request.pause();
        resolve();
      }
    });
    ctx.request.on('end', () => resolve());
    ctx.request.on('aborted', () => reject(new ClientGone()));
    ctx.request.on('error', () => reject(new ClientGone()));
  });
  if (size > limit) throw tooLarge(limit);
  ctx.body = Buffer.concat(chunks, size);
  if (ctx.body.toString('utf8').trim() === '') {
    throw rules.emptyBody();
  }
}
