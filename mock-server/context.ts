import type { IncomingMessage } from 'node:http';
import type { MatchedTrigger } from '../src/client-assurance/recorded-exchange.ts';
import type { FhirFormat } from '../src/domain/fhir-format.ts';
import type { Interaction } from '../src/domain/identifiers.ts';
import type { Pointer, StoredPointer } from '../src/domain/pointer.ts';
import type { MockConfig } from './config.ts';
import type { ClientSystem } from './fixtures.ts';
import type { PointerStore } from './store/pointer-store.ts';
import type { DeleteQuery, SearchQuery } from './queries.ts';

/** What one request has established so far; each pipeline stage adds one thing. */
export interface RequestContext {
  readonly request: IncomingMessage;
  readonly method: string;
  /** Path below the base path, e.g. `/DocumentReference`. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** The request URL as received, absolute (AMB-37). */
  readonly requestUrl: string;
  /** Scheme, host and base path, for Location (NRLS-CREATE-007). */
  readonly serviceBase: string;
  readonly config: MockConfig;
  readonly store: PointerStore;
  /** Spine message id of this exchange (NRLS-OO-005). */
  readonly messageId: string;
  /** performance.now() when the request arrived, for the log line. */
  readonly receivedAt: number;

  interaction?: Interaction;
  format?: FhirFormat;
  body?: Buffer;
  /** The ASID named by the JWT's requesting_system, once the token has passed. */
  tokenAsid?: string;
  /** The client system named by fromASID, once the headers have passed. */
  client?: ClientSystem;
  searchQuery?: SearchQuery;
  deleteQuery?: DeleteQuery;
  pointer?: Pointer;
  /** The media type the client asked for (Accept or _format), as it wrote it. */
  requestedMediaType?: string;
  result?: InteractionResult;
  /** The simulator trigger the request matched (mock-server/simulator/): the answer is its outcome. */
  trigger?: MatchedTrigger;
}

export type InteractionResult =
  | { kind: 'searchset'; pointers: readonly StoredPointer[]; countOnly: boolean }
  | { kind: 'created'; id: string }
  | { kind: 'deleted' };
