// NrlsWorld: the target, the acting identity, the pointer under test and every exchange a scenario
// made. Steps stay thin; they call this and steps/support/.
import { World, setWorldConstructor, type IWorldOptions } from '@cucumber/cucumber';
import { SCOPE_READ, SCOPE_WRITE, patientUrl } from '../src/domain/identifiers.ts';
import { base64url, nrlsClaims, type JwtClaims } from '../src/domain/jwt.ts';
import { generateNhsNumber } from '../src/domain/nhs-number.ts';
import type { Identifier, Pointer } from '../src/domain/pointer.ts';
import { EXCHANGE_MEDIA_TYPE, type Exchange } from '../src/report/exchange.ts';
import { redactExchange } from '../src/report/redact.ts';
import type { ResolvedTarget } from '../src/target/profile.ts';
import { ConformanceFailure, TransportFailure, redactFailureMessagesOf } from './support/failures.ts';
import { fail, summariseResponse } from './support/fhir-checks.ts';
import { ACCEPT, type WireFormat } from './support/formats.ts';
import { BODY_LIMIT_BYTES, isTargetFault, sendRequest, type RequestSpec } from './support/http.ts';
import type { RequestShape } from './support/requests.ts';
import { createdIdOf } from './support/location.ts';
import type { SearchsetPointer } from './support/outcome-checks.ts';

export type ActorRole = 'consumer' | 'provider' | 'second provider';

export interface WorldParameters {
  target: ResolvedTarget;
}

/** A request as it is being built, before the token is encoded: request defects edit this. */
export interface DraftRequest {
  spec: RequestSpec;
  claims: JwtClaims;
  jwtHeader: Record<string, unknown>;
  signature: string;
  /** Replaces the whole Authorization value (or removes it when null). */
  authorization?: string | null;
}

export type RequestChange = (draft: DraftRequest) => void;

export interface CreatedPointer {
  id: string;
  nhsNumber: string;
  masterIdentifier?: Identifier;
  pointer: Pointer;
  owner: ActorRole;
}

/** Evidence bodies above this size are cut in the reports (the checks see the whole body). */
const EVIDENCE_BODY_LIMIT = 64 * 1024;

export class NrlsWorld extends World<WorldParameters> {
  readonly target: ResolvedTarget;
  actor: ActorRole = 'provider';
  /** The format the client asks for with Accept, when a scenario does not say otherwise. */
  format: WireFormat | 'none' = 'json';
  patient?: string;
  pointer?: Pointer;
  /** The pointer made in setup, that the scenario then acts on (the latest one). */
  existing?: CreatedPointer;
  /** Every pointer made in setup. */
  readonly existingPointers: CreatedPointer[] = [];
  /** The pointer the scenario's own request created. */
  created?: CreatedPointer;
  /** The pointers of the last searchset a step checked. */
  lastBundle?: SearchsetPointer[];
  /** Changes to apply to the next request (one defect per scenario). */
  requestChanges: RequestChange[] = [];
  readonly exchanges: Exchange[] = [];
  private readonly unchecked = new Set<Exchange>();

  constructor(options: IWorldOptions<WorldParameters>) {
    super(options);
    this.target = options.parameters.target;
    redactFailureMessagesOf(this.target.secrets);
  }

  identity(role: ActorRole = this.actor) {
    return role === 'consumer' ? this.target.consumer : role === 'provider' ? this.target.provider : this.target.secondProvider;
  }

  /** A patient the scenario may write pointers for: fresh each time, or one of the profile's. */
  newPatient(): string {
    const choice = this.target.patients.forNewPointers;
    return choice === 'generate' ? generateNhsNumber() : choice[Math.floor(Math.random() * choice.length)]!;
  }

  subjectOf(nhsNumber: string): string {
    return patientUrl(nhsNumber);
  }

  /** Headers and a fresh token (NRLS-JWT-006) for the acting identity, then the scenario's defect. */
  buildRequest(shape: RequestShape, role: ActorRole = this.actor, format: WireFormat | 'none' = this.format): RequestSpec {
    const identity = this.identity(role);
    const { contentType, ...spec } = shape;
    const access = spec.method === 'GET' ? SCOPE_READ : SCOPE_WRITE;
    const headers: Record<string, string> = { ...this.target.headers, fromASID: identity.asid, toASID: this.target.spineAsid };
    if (format !== 'none') headers.Accept = ACCEPT[format];
    if (contentType) headers['Content-Type'] = contentType;
    const draft: DraftRequest = {
      spec: { ...spec, headers },
      claims: nrlsClaims({ asid: identity.asid, ods: identity.ods, scope: access, audience: `${this.target.baseUrl}/DocumentReference`, user: identity.user }),
      jwtHeader: { alg: 'none', typ: 'JWT' },
      signature: '',
    };
    for (const change of this.requestChanges) change(draft);
    if (draft.authorization !== null) {
      draft.spec.headers.Authorization =
        draft.authorization ?? `Bearer ${base64url(JSON.stringify(draft.jwtHeader))}.${base64url(JSON.stringify(draft.claims))}.${draft.signature}`;
    }
    return draft.spec;
  }

  /** Sends a request, keeps it as evidence on the current step, and leaves it to be checked. */
  async send(spec: RequestSpec, purpose: string): Promise<Exchange> {
    const exchange = await sendRequest(this.target, spec, purpose);
    this.exchanges.push(exchange);
    this.unchecked.add(exchange);
    const evidence = redactExchange(exchange, this.target.secrets);
    if (evidence.response && evidence.response.body.length > EVIDENCE_BODY_LIMIT) {
      evidence.response = { ...evidence.response, body: evidence.response.body.slice(0, EVIDENCE_BODY_LIMIT), truncated: true };
    }
    this.attach(JSON.stringify(evidence), EXCHANGE_MEDIA_TYPE);
    return exchange;
  }

  /** A request made to set the scene: it must get `expectedStatus`, or the scenario fails here. */
  async sendForSetup(spec: RequestSpec, purpose: string, expectedStatus: number): Promise<Exchange> {
    const exchange = await this.send(spec, `setup: ${purpose}`);
    this.markChecked(exchange);
    const answered = this.answered(exchange);
    if (answered.response.status !== expectedStatus) {
      throw new ConformanceFailure(`setup request "${purpose}" expected HTTP ${expectedStatus}, got ${summariseResponse(answered)}`);
    }
    return exchange;
  }

  /** Builds the request for the acting identity (with the scenario's defect) and sends it. */
  async act(shape: RequestShape, purpose: string, format: WireFormat | 'none' = this.format): Promise<Exchange> {
    return this.send(this.buildRequest(shape, this.actor, format), purpose);
  }

  /** A setup request: valid (no defect applied), from `role`. */
  async setUp(shape: RequestShape, purpose: string, expectedStatus: number, role: ActorRole = this.actor): Promise<Exchange> {
    const changes = this.requestChanges;
    this.requestChanges = [];
    try {
      return await this.sendForSetup(this.buildRequest(shape, role), purpose, expectedStatus);
    } finally {
      this.requestChanges = changes;
    }
  }

  lastExchange(): Exchange {
    const last = this.exchanges[this.exchanges.length - 1];
    if (!last) throw new Error('no request has been sent in this scenario');
    return last;
  }

  /**
   * The last exchange, marked as checked; a complete response is required. Silence and an oversized
   * body are the target's doing (failed); a refused or reset connection or a TLS failure may be the
   * network's, so nothing can be judged (broken). A redirect is judged here: NRLS 1.2.x answers every
   * interaction itself, and the harness follows no redirect (it would carry the JWT to another host).
   */
  checkLastExchange(): Exchange & { response: NonNullable<Exchange['response']> } {
    const exchange = this.lastExchange();
    this.markChecked(exchange);
    return this.answered(exchange);
  }

  /**
   * The exchange's response. A timeout, an oversized body or a redirect is the target's fault (the
   * scenario fails, with evidence); no complete response otherwise means it cannot be judged (broken).
   */
  private answered(exchange: Exchange): Exchange & { response: NonNullable<Exchange['response']> } {
    if (exchange.error && isTargetFault(exchange.error)) {
      fail(exchange, `a complete response (timeoutMs ${this.target.timeoutMs} ms; a body of at most ${BODY_LIMIT_BYTES / 1024 / 1024} MB)`, exchange.error);
    }
    if (exchange.error || !exchange.response) {
      throw new TransportFailure(`${exchange.request.method} ${exchange.request.url} got no complete response: ${exchange.error}`);
    }
    const { status, headers } = exchange.response;
    if (status >= 300 && status < 400) {
      fail(exchange, "the target's own answer (NRLS defines no redirect; the harness does not follow one)", `HTTP ${status} to ${headers.location ?? '(no Location header)'}`);
    }
    return exchange as Exchange & { response: NonNullable<Exchange['response']> };
  }

  /** The pointer a 201 created: the pointer under test, at the id its Location names. */
  createdFrom(exchange: Exchange): CreatedPointer {
    return { id: createdIdOf(exchange), nhsNumber: this.patient!, masterIdentifier: this.pointer?.masterIdentifier, pointer: this.pointer!, owner: this.actor };
  }

  markChecked(exchange: Exchange): void {
    this.unchecked.delete(exchange);
  }

  uncheckedExchanges(): Exchange[] {
    return [...this.unchecked];
  }
}

setWorldConstructor(NrlsWorld);
