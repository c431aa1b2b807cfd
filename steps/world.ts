// NrlsWorld: the target, the acting identity, the pointer under test and every exchange a scenario
// made. Steps stay thin; they call this and steps/support/. Every check goes through `judge`, which
// records what it decided as data on the step (src/report/check.ts).
import { World, setWorldConstructor, type IWorldOptions } from '@cucumber/cucumber';
import { patientUrl } from '../src/domain/identifiers.ts';
import { nhsNumberSequence } from '../src/domain/nhs-number.ts';
import type { Identifier, Pointer } from '../src/domain/pointer.ts';
import { sendRequest, type RequestSpec } from '../src/http/send.ts';
import { CHECK_MEDIA_TYPE, type CheckAttachment, type CheckStage } from '../src/report/check.ts';
import { EXCHANGE_MEDIA_TYPE, type Exchange } from '../src/report/exchange.ts';
import { redactExchange, redactText } from '../src/report/redact.ts';
import {
  draftRequest,
  finishDraft,
  identityOf,
  type ActorRole,
  type DraftRequest,
  type RequestShape,
} from '../src/target/client-request.ts';
import type { ResolvedTarget } from '../src/target/profile.ts';
import { STATE_RULES, aboutOf, without } from './support/expectations.ts';
import type { WireFormat } from './support/formats.ts';
import { Judgement } from './support/judgement.ts';
import type { Subject } from './support/outcome-checks.ts';

export type { ActorRole, DraftRequest };

export interface WorldParameters {
  target: ResolvedTarget;
  /** Checks resting on an AMB choice or a mock recommendation are advisory (run --spec-only). */
  specOnly?: boolean;
}

export type RequestChange = (draft: DraftRequest) => void;

export interface CreatedPointer {
  id: string;
  nhsNumber: string;
  masterIdentifier?: Identifier;
  pointer: Pointer;
  owner: ActorRole;
}

/**
 * Fresh patients for the whole process: every scenario's "new patient" is one no other scenario of this
 * run has had (a per-process sequence, not per World, because uniqueness is across scenarios).
 */
const freshPatient = nhsNumberSequence();

/** Evidence bodies above this size are cut in the reports (the checks see the whole body). */
const EVIDENCE_BODY_LIMIT = 64 * 1024;

export class NrlsWorld extends World<WorldParameters> {
  readonly target: ResolvedTarget;
  readonly specOnly: boolean;
  actor: ActorRole = 'provider';
  /** The format the client asks for with Accept, when a scenario does not say otherwise. */
  format: WireFormat | 'none' = 'json';
  patient?: string;
  pointer?: Pointer;
  /** The pointer made in setup, that the scenario then acts on (the latest one). */
  existing?: CreatedPointer;
  /** Every pointer made in setup. */
  readonly existingPointers: CreatedPointer[] = [];
  /** The request the scenario's own When step sent (the last, where it sent several). */
  actExchange?: Exchange;
  /** Every request the scenario's own When step sent. */
  readonly actExchanges: Exchange[] = [];
  /** How many pointers the patient had before the scenario made its own (a count is judged against it). */
  countBefore?: number;
  /** Every pointer a request of this scenario created, with its owner: the cleanup deletes them. */
  readonly madePointers: { id: string; owner: ActorRole }[] = [];
  /** Changes to apply to the next request (one defect per scenario). */
  requestChanges: RequestChange[] = [];
  readonly exchanges: Exchange[] = [];
  /** The scenario's requirement tags (set before it starts). */
  requirementTags: string[] = [];
  /** setup while Given steps run; scenario for its act and outcome. */
  stage: CheckStage = 'setup';
  /** A later step of the scenario looks at the target's state (set before it starts). */
  looksAtState = false;
  private readonly unchecked = new Set<Exchange>();

  constructor(options: IWorldOptions<WorldParameters>) {
    super(options);
    this.target = options.parameters.target;
    this.specOnly = options.parameters.specOnly === true;
  }

  identity(role: ActorRole = this.actor) {
    return identityOf(this.target, role);
  }

  /**
   * What a facet of the scenario's expectation is about: its requirement tags less those that shape facets
   * prove; for a facet resting on an AMB choice, the tagged requirements whose rows cite that AMB.
   */
  subject(amb?: string): Subject {
    return { about: aboutOf(this.requirementTags, amb), tags: this.requirementTags, amb };
  }

  /**
   * The subject of a refusal or acceptance. Where a later step looks at the target's state, the rules
   * about that state (a failed supersede rolled back, a deleted pointer gone) are the look's to prove.
   */
  responseSubject(amb?: string): Subject {
    const subject = this.subject(amb);
    return this.looksAtState ? { ...subject, about: without(subject.about, STATE_RULES) } : subject;
  }

  /** The subject of a later look at the target's state: its state rules if the scenario names any. */
  stateSubject(amb?: string): readonly string[] {
    const state = this.requirementTags.filter((id) => STATE_RULES.includes(id));
    return state.length > 0 && !amb ? state : this.subject(amb).about;
  }

  /**
   * A patient the scenario may write pointers for: fresh each time, or one of the profile's test patients.
   * With --parallel, each worker takes its own share of the list (when it is long enough), so that no two
   * scenarios running at once write pointers for one patient; `except` keeps a second patient distinct.
   */
  newPatient(except?: string): string {
    const choice = this.target.patients.forNewPointers;
    if (choice === 'generate') return freshPatient();
    const workers = Number(process.env.CUCUMBER_TOTAL_WORKERS ?? 1);
    const worker = Number(process.env.CUCUMBER_WORKER_ID ?? 0);
    const share = choice.length >= workers ? choice.filter((_, at) => at % workers === worker) : choice;
    const candidates = share.filter((patient) => patient !== except);
    const from = candidates.length > 0 ? candidates : choice.filter((patient) => patient !== except);
    return from[Math.floor(Math.random() * from.length)]!;
  }

  subjectOf(nhsNumber: string): string {
    return patientUrl(nhsNumber);
  }

  /** Headers and a fresh token (NRLS-JWT-006) for `role`, then the scenario's defect. */
  buildRequest(
    shape: RequestShape,
    role: ActorRole = this.actor,
    format: WireFormat | 'none' = this.format,
    changes = this.requestChanges,
  ): RequestSpec {
    const draft = draftRequest(this.target, role, shape, format);
    for (const change of changes) change(draft);
    return finishDraft(draft);
  }

  /**
   * Sends a request as `role`, keeps it as evidence on the current step, and leaves it to be checked.
   * A pointer it created is remembered for the cleanup, whatever the checks then say of the answer.
   */
  async send(spec: RequestSpec, purpose: string, role: ActorRole): Promise<Exchange> {
    const exchange = await this.sendUnjudged(spec, purpose);
    this.exchanges.push(exchange);
    this.unchecked.add(exchange);
    const id = spec.method === 'POST' ? createdIdIn(exchange) : undefined;
    if (id) this.madePointers.push({ id, owner: role });
    return exchange;
  }

  /** Sends a request and keeps it as evidence, never to be judged (the cleanup's). */
  async sendUnjudged(spec: RequestSpec, purpose: string): Promise<Exchange> {
    const exchange = await sendRequest(this.target, spec, purpose);
    const evidence = redactExchange(exchange, this.target.secrets);
    if (evidence.response && evidence.response.body.length > EVIDENCE_BODY_LIMIT) {
      evidence.response = {
        ...evidence.response,
        body: evidence.response.body.slice(0, EVIDENCE_BODY_LIMIT),
        truncated: true,
      };
    }
    this.attach(JSON.stringify(evidence), EXCHANGE_MEDIA_TYPE);
    return exchange;
  }

  /** The scenario's own request: from the acting identity, with the scenario's defect. */
  async act(shape: RequestShape, purpose: string, format: WireFormat | 'none' = this.format): Promise<Exchange> {
    this.actExchange = await this.send(this.buildRequest(shape, this.actor, format), purpose, this.actor);
    this.actExchanges.push(this.actExchange);
    return this.actExchange;
  }

  /** A valid request (no defect) from `role`: a setup step's, or a check's own look at the target. */
  async sendValid(
    shape: RequestShape,
    purpose: string,
    role: ActorRole = this.actor,
    format: WireFormat | 'none' = 'json',
  ): Promise<Exchange> {
    return this.send(
      this.buildRequest(shape, role, format, []),
      this.stage === 'setup' ? `setup: ${purpose}` : purpose,
      role,
    );
  }

  /**
   * Judges with the checks `judge` makes, records them on the current step and fails the step if one
   * that binds failed; answers 'skipped' (Cucumber then skips the rest) when only an advisory gate did.
   */
  judge(judge: (judgement: Judgement) => unknown, exchanges: readonly Exchange[] = []): Promise<'skipped' | undefined> {
    for (const exchange of exchanges) this.unchecked.delete(exchange);
    return Judgement.run(
      {
        stage: this.stage,
        specOnly: this.specOnly,
        redact: (text) => redactText(text, this.target.secrets),
        attach: (attachment: CheckAttachment) => this.attach(JSON.stringify(attachment), CHECK_MEDIA_TYPE),
      },
      judge,
    );
  }

  lastExchange(): Exchange {
    const last = this.exchanges[this.exchanges.length - 1];
    if (!last) throw new Error('scenario error: no request has been sent in this scenario');
    return last;
  }

  /** The scenario's own request; a step that judges it needs one. */
  acted(): Exchange {
    if (!this.actExchange)
      throw new Error('scenario error: the scenario has not acted yet (no When step sent a request)');
    return this.actExchange;
  }

  uncheckedExchanges(): Exchange[] {
    return [...this.unchecked];
  }
}

/**
 * The logical id a create's answer names, read leniently (the `?_id=` form, else the last path segment)
 * so that the cleanup finds a pointer whose Location was in the wrong form; undefined for no success.
 */
function createdIdIn(exchange: Exchange): string | undefined {
  const { response } = exchange;
  if (!response || response.status < 200 || response.status >= 300 || !response.headers.location) return undefined;
  try {
    const url = new URL(response.headers.location);
    return url.searchParams.get('_id') ?? (/\/DocumentReference\/([^/]+)$/.exec(url.pathname)?.[1] || undefined);
  } catch {
    return undefined;
  }
}

setWorldConstructor(NrlsWorld);
