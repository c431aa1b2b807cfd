// Client assurance: every exchange of the NRLS service part of one mock app (not `_admin`, not `_inspector`),
// judged by the client rules. The latest are kept in memory for the inspector (a ring: bounded in count and
// bytes) and judged when they are first asked for, so that a mock nobody inspects spends nothing on the
// rules; with `--record DIR` each is judged as it completes and appended to DIR/exchanges.ndjson.
import type {
  ClientDirectory,
  RecordedExchange,
  RecordedResponse,
  RuleVerdict,
} from '../../src/client-assurance/recorded-exchange.ts';
import { judgeRequest, type JudgedRequest } from '../../src/client-assurance/rules.ts';
import type { RequestContext } from '../context.ts';
import { clientDirectory, recordedRequest, recordedResponse, type SentReply } from './capture.ts';
import type { ExchangeFile } from './exchange-file.ts';

/** How many exchanges the inspector can show. */
export const DEFAULT_RING_CAPACITY = 500;
/** The ring also drops its oldest exchanges once their bodies add up to more than this. */
const RING_BODY_BYTES = 64 * 1024 * 1024;

export type ExchangeJudge = (exchange: JudgedRequest, directory: ClientDirectory) => RuleVerdict[];

export interface ExchangeLogOptions {
  capacity?: number;
  /** The client rules; judgeRequest (src/client-assurance/rules.ts) unless a test gives its own. */
  judge?: ExchangeJudge;
  /** Where each exchange is appended as it completes (`--record DIR`). */
  file?: ExchangeFile;
  /** A judge that throws is a defect of the harness, never of the client: reported, the exchange kept. */
  reportInternalError: (error: unknown) => void;
}

export interface ExchangeFilter {
  /** Only exchanges with a greater seq. */
  after?: number;
  /** Only exchanges whose fromASID is this. */
  asid?: string;
  /** failed: at least one failed verdict; passed: none failed. */
  verdict?: 'failed' | 'passed';
}

export const hasFailed = (exchange: RecordedExchange) => exchange.verdicts.some((v) => v.outcome === 'failed');

/**
 * An exchange as the request path leaves it: references to what was received and sent, no copies. Its
 * recorded form (texts, header pairs, the time) and the rules' verdicts are made when first asked for.
 */
interface KeptExchange {
  seq: number;
  /** Date.now() and performance.now() when the answer was sent, and how long the exchange took. */
  answeredAt: number;
  durationMs: number;
  fromAsid: string;
  method: string;
  url: string;
  rawHeaders: string[];
  requestBody?: Buffer;
  reply?: SentReply;
  trigger?: RecordedExchange['trigger'];
  bytes: number;
  recorded?: RecordedExchange;
}

export class ExchangeLog {
  readonly directory: ClientDirectory;
  private readonly ring: KeptExchange[] = [];
  private ringBytes = 0;
  private lastSeq = 0;
  /** How many exchanges the ring keeps. */
  readonly capacity: number;
  private readonly judge: ExchangeJudge;

  constructor(
    directory: ClientDirectory,
    private readonly options: ExchangeLogOptions,
  ) {
    this.directory = directory;
    this.capacity = options.capacity ?? DEFAULT_RING_CAPACITY;
    this.judge = options.judge ?? judgeRequest;
  }

  /** The exchange of a request the mock answered with `reply`; called just before the reply is written. */
  answered(ctx: RequestContext, reply: SentReply): void {
    this.add(ctx, reply);
  }

  /** The mock closed the connection without answering (a simulator trigger). */
  dropped(ctx: RequestContext): void {
    this.add(ctx, undefined);
  }

  /** The kept exchanges that pass the filter, oldest first, judged. */
  latest(filter: ExchangeFilter = {}): RecordedExchange[] {
    return this.ring
      .filter(
        (exchange) =>
          (filter.after === undefined || exchange.seq > filter.after) &&
          (filter.asid === undefined || exchange.fromAsid === filter.asid),
      )
      .map((kept) => this.judged(kept))
      .filter((exchange) => filter.verdict === undefined || hasFailed(exchange) === (filter.verdict === 'failed'));
  }

  /** The exchange in its recorded form, with the rules' verdicts: made once, when first asked for. */
  private judged(kept: KeptExchange): RecordedExchange {
    if (kept.recorded) return kept.recorded;
    const request = recordedRequest(kept.method, kept.url, kept.rawHeaders, kept.requestBody);
    const response: RecordedResponse = kept.reply
      ? recordedResponse(kept.reply)
      : { status: 0, headers: {}, dropped: true };
    const receivedAt = new Date(kept.answeredAt - kept.durationMs).toISOString();
    let verdicts: RuleVerdict[] = [];
    try {
      verdicts = this.judge({ request, response, receivedAt, trigger: kept.trigger }, this.directory);
    } catch (error) {
      this.options.reportInternalError(error);
    }
    kept.recorded = {
      seq: kept.seq,
      receivedAt,
      durationMs: kept.durationMs,
      fromAsid: kept.fromAsid,
      request,
      response,
      ...(kept.trigger ? { trigger: kept.trigger } : {}),
      verdicts,
    };
    // The references are not needed once the recorded form exists.
    kept.rawHeaders = [];
    kept.requestBody = undefined;
    kept.reply = undefined;
    return kept.recorded;
  }

  private add(ctx: RequestContext, reply: SentReply | undefined): void {
    const elapsed = performance.now() - ctx.receivedAt;
    const kept: KeptExchange = {
      seq: ++this.lastSeq,
      answeredAt: Date.now(),
      durationMs: Math.round(elapsed * 10) / 10,
      fromAsid: headerValue(ctx.request.headers.fromasid),
      method: ctx.request.method ?? 'GET',
      url: ctx.request.url ?? '/',
      rawHeaders: ctx.request.rawHeaders,
      requestBody: ctx.body,
      reply,
      trigger: ctx.trigger,
      bytes: (ctx.body?.length ?? 0) + (reply?.body.length ?? 0),
    };
    this.ring.push(kept);
    this.ringBytes += kept.bytes;
    while (this.ring.length > this.capacity || (this.ringBytes > RING_BODY_BYTES && this.ring.length > 1)) {
      this.ringBytes -= this.ring.shift()!.bytes;
    }
    // The line on disk carries its verdicts (`judge` re-judges anyway, but a reader of the file sees them).
    if (this.options.file) this.options.file.append(this.judged(kept));
  }
}

function headerValue(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

/** For the mock's catch of a dropped connection (the simulator's): the exchange as closed unanswered. */
export function recordDroppedConnection(log: ExchangeLog, ctx: RequestContext): void {
  log.dropped(ctx);
}

export function createExchangeLog(fixtures: Parameters<typeof clientDirectory>[0], options: ExchangeLogOptions) {
  return new ExchangeLog(clientDirectory(fixtures), options);
}
