// The rules the mock applies, gathered from the stages and interactions that own them: each is the
// spec's rule, named and commented there. app.ts builds its pipeline from a `Rules`; a fault
// (mock-server/faults/) is a variant that replaces a rule, wraps a stage, or rewrites the answer at the
// HTTP boundary. With no fault named, PRODUCTION_RULES and the stages as written are all there is.
import type { FhirFormat } from '../src/domain/fhir-format.ts';
import type { RequestContext } from './context.ts';
import type { SpineError } from './errors/spine-error.ts';
import { CREATE_RULES, type CreateRules } from './interactions/create.ts';
import { DELETE_RULES, type DeleteRules } from './interactions/delete.ts';
import { SEARCH_RULES, type SearchRules } from './interactions/search.ts';
import { SUPERSEDE_RULES, type SupersedeRules } from './interactions/supersede.ts';
import { AUTHORISE_RULES, type AuthoriseRules } from './pipeline/authorise.ts';
import { HEADER_RULES, type HeaderRules } from './pipeline/check-headers.ts';
import { JWT_RULES, type JwtRules } from './pipeline/check-jwt.ts';
import { FORMAT_RULES, type FormatRules } from './pipeline/negotiate.ts';
import { PARSE_BODY_RULES, type ParseBodyRules } from './pipeline/parse-body.ts';
import { QUERY_RULES, type QueryRules } from './pipeline/parse-query.ts';
import { READ_BODY_RULES, type ReadBodyRules } from './pipeline/read-body.ts';
import type { RenderedReply } from './pipeline/render.ts';
import { POINTER_RULES, type PointerRules } from './pipeline/validate-pointer.ts';

export interface Wire {
  contentType: string;
  body: string | Buffer;
}

/** The HTTP boundary: what app.ts answers, after the stages and the renderer have done their part. */
export interface HttpRules {
  /** §1.7: the error a refusal is answered with (the one a stage threw). */
  refusal(error: SpineError): SpineError;
  /** The reply as render.ts built it. */
  reply(reply: RenderedReply, ctx: RequestContext): RenderedReply;
  /** NRLS-FMT-011: errors too are written in the negotiated format. */
  format(reply: RenderedReply, negotiated: FhirFormat): FhirFormat;
  /** NRLS-FMT-009 (AMB-15): the bytes and Content-Type as serialise.ts wrote them. */
  wire(wire: Wire, reply: RenderedReply, ctx: RequestContext): Wire;
}

export interface Rules {
  format: FormatRules;
  readBody: ReadBodyRules;
  jwt: JwtRules;
  headers: HeaderRules;
  authorise: AuthoriseRules;
  parseBody: ParseBodyRules;
  query: QueryRules;
  pointer: PointerRules;
  search: SearchRules;
  create: CreateRules;
  supersede: SupersedeRules;
  delete: DeleteRules;
  http: HttpRules;
}

export const PRODUCTION_RULES: Rules = {
  format: FORMAT_RULES,
  readBody: READ_BODY_RULES,
  jwt: JWT_RULES,
  headers: HEADER_RULES,
  authorise: AUTHORISE_RULES,
  parseBody: PARSE_BODY_RULES,
  query: QUERY_RULES,
  pointer: POINTER_RULES,
  search: SEARCH_RULES,
  create: CREATE_RULES,
  supersede: SUPERSEDE_RULES,
  delete: DELETE_RULES,
  http: {
    refusal: (error) => error,
    reply: (reply) => reply,
    format: (_reply, negotiated) => negotiated,
    wire: (wire) => wire,
  },
};

export type Stage = (ctx: RequestContext) => void | Promise<void>;

/** The stages of the pipeline, by name; app.ts alone knows their order. */
export type StageName =
  | 'route'
  | 'negotiate'
  | 'readBody'
  | 'checkJwt'
  | 'checkHeaders'
  | 'authorise'
  | 'parseBody'
  | 'parseQuery'
  | 'validatePointer'
  | 'performInteraction';

/** Wraps a stage; `rules` are the app's rules, every variant's applied. */
export type StageWrapper = (stage: Stage, rules: Rules) => Stage;

/** A variant of the mock: rules replaced, stages wrapped. */
export interface Variant {
  rules?: (rules: Rules) => Rules;
  stages?: Partial<Record<StageName, StageWrapper>>;
}
