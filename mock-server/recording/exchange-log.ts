// Client assurance: every exchange of the NRLS service part of one mock app (not `_admin`, not `_inspector`),
// judged by the client rules as it completes. The latest are kept in memory for the inspector (a ring:
// bounded in count and bytes); with `--record DIR` each is also appended to DIR/exchanges.ndjson.
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

const bodyBytes = (exchange: RecordedExchange) =>
  (exchange.request.body?.length ?? 0) + (exchange.response.body?.length ?? 0);

export class ExchangeLog {
  readonly directory: ClientDirectory;
  private readonly ring: RecordedExchange[] = [];
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
  answered(ctx: RequestContext, reply: SentReply): RecordedExchange {
    return this.add(ctx, recordedResponse(reply));
  }

  /** The mock closed the connection without answering (a simulator trigger). */
  dropped(ctx: RequestContext): RecordedExchange {
    return this.add(ctx, { status: 0, headers: {}, dropped: true });
  }

  /** The kept exchanges that pass the filter, oldest first. */
  latest(filter: ExchangeFilter = {}): RecordedExchange[] {
    return this.ring.filter(
      (exchange) =>
        (filter.after === undefined || exchange.seq > filter.after) &&
        (filter.asid === undefined || exchange.fromAsid === filter.asid) &&
        (filter.verdict === undefined || hasFailed(exchange) === (filter.verdict === 'failed')),
    );
  }

  private add(ctx: RequestContext, response: RecordedResponse): RecordedExchange {
    const elapsed = performance.now() - ctx.receivedAt;
    const request = recordedRequest(ctx.request, ctx.body);
    const receivedAt = new Date(Date.now() - elapsed).toISOString();
    const judged: JudgedRequest = { request, response, receivedAt, trigger: ctx.trigger };
    let verdicts: RuleVerdict[] = [];
    try {
      verdicts = this.judge(judged, this.directory);
    } catch (error) {
      this.options.reportInternalError(error);
    }
    const exchange: RecordedExchange = {
      seq: ++this.lastSeq,
      receivedAt,
      durationMs: Math.round(elapsed * 10) / 10,
      fromAsid: headerValue(ctx.request.headers.fromasid),
      request,
      response,
      ...(ctx.trigger ? { trigger: ctx.trigger } : {}),
      verdicts,
    };
    this.ring.push(exchange);
    this.ringBytes += bodyBytes(exchange);
    while (this.ring.length > this.capacity || (this.ringBytes > RING_BODY_BYTES && this.ring.length > 1)) {
      this.ringBytes -= bodyBytes(this.ring.shift()!);
    }
    this.options.file?.append(exchange);
    return exchange;
  }
}

function headerValue(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

/** For the mock's catch of a dropped connection (the simulator's): the exchange as closed unanswered. */
export function recordDroppedConnection(log: ExchangeLog, ctx: RequestContext): RecordedExchange {
  return log.dropped(ctx);
}

export function createExchangeLog(fixtures: Parameters<typeof clientDirectory>[0], options: ExchangeLogOptions) {
  return new ExchangeLog(clientDirectory(fixtures), options);
}
