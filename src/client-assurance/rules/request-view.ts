// One recorded request as the client rules read it: headers by name (any case, NRLS-HDR-005 is judged on
// the raw names separately), the raw and the decoded query, the JWT and the body, each decoded once.
import { ASID_SYSTEM, splitToken } from '../../domain/identifiers.ts';
import { formatOfMediaType, type FhirFormat } from '../../domain/fhir-format.ts';
import { bearerToken } from '../../domain/jwt.ts';
import { checkJsonResource, skeletonOf } from '../../domain/stu3-json.ts';
import { readFhirXml, type FhirResource } from '../../domain/stu3-xml.ts';
import type {
  ClientDirectory,
  ClientRole,
  MatchedTrigger,
  RecordedRequest,
  RecordedResponse,
} from '../recorded-exchange.ts';
import type { ClientInteraction } from './interaction.ts';

export type Interaction = Exclude<ClientInteraction, 'any'>;
export type ClientSystem = ClientDirectory['systems'][number];

/** The Authorization header's token, split but not judged. */
export interface TokenView {
  /** The header value has a scheme (`Bearer …`, any case: NRLS-JWT-007). */
  scheme?: string;
  token: string;
  sections: string[];
  /** The decoded JOSE header, undefined when it is not base64url JSON. */
  header?: unknown;
  /** The decoded claims, undefined when the payload is not a base64url JSON object. */
  claims?: Record<string, unknown>;
}

export type BodyView =
  | { kind: 'absent' }
  | { kind: 'truncated' }
  | { kind: 'unparsable'; syntax?: FhirFormat; reason: string }
  | { kind: 'parsed'; syntax: FhirFormat; resource: FhirResource };

/** GET, POST and DELETE on the pointer collection; undefined for anything NRLS 1.2.x does not offer. */
export function interactionOf(request: RecordedRequest): Interaction | undefined {
  const path = request.url.split('?')[0]!;
  if (!/(^|\/)DocumentReference$/.test(path)) return undefined;
  switch (request.method.toUpperCase()) {
    case 'GET':
      return 'search';
    case 'DELETE':
      return 'delete';
    case 'POST':
      // NRLS-CREATE-022: a create whose body has relatesTo is a supersede.
      return hasRelatesTo(request.body ?? '') ? 'supersede' : 'create';
    default:
      return undefined;
  }
}

function hasRelatesTo(text: string): boolean {
  try {
    const value = JSON.parse(text) as { relatesTo?: unknown };
    return Array.isArray(value?.relatesTo) ? value.relatesTo.length > 0 : Boolean(value?.relatesTo);
  } catch {
    return /<relatesTo[\s>/]/.test(text);
  }
}

/** NRLS-AUTHZ-009 (AMB-08): a Consumer is an ASID with no create or delete interaction. */
export function roleOf(system: ClientSystem): ClientRole {
  return system.interactions.some((name) => name === 'create' || name === 'delete') ? 'provider' : 'consumer';
}

/** The ASID of a `https://fhir.nhs.uk/Id/accredited-system|ASID` claim, undefined when not of that form. */
export function asidOfRequestingSystem(claim: unknown): string | undefined {
  const parts = typeof claim === 'string' ? splitToken(claim) : undefined;
  return parts && parts.system === ASID_SYSTEM && parts.value !== '' ? parts.value : undefined;
}

export class RequestView {
  readonly method: string;
  readonly path: string;
  /** The query exactly as sent, without the `?`. */
  readonly rawQuery: string;
  /** The query decoded (`%7C` → `|`, `+` → space), as a server reads it. */
  readonly query: URLSearchParams;
  readonly interaction: Interaction | undefined;
  readonly sender: ClientSystem | undefined;
  readonly role: ClientRole | undefined;
  readonly receivedAt: Date;
  private tokenView?: TokenView | null;
  private bodyView?: BodyView;

  constructor(
    readonly request: RecordedRequest,
    readonly response: RecordedResponse,
    receivedAt: string,
    readonly trigger: MatchedTrigger | undefined,
    readonly directory: ClientDirectory,
  ) {
    this.method = request.method.toUpperCase();
    const question = request.url.indexOf('?');
    this.path = question < 0 ? request.url : request.url.slice(0, question);
    this.rawQuery = question < 0 ? '' : request.url.slice(question + 1);
    this.query = new URLSearchParams(this.rawQuery);
    this.interaction = interactionOf(request);
    this.receivedAt = new Date(receivedAt);
    const fromAsid = this.header('fromASID');
    this.sender = directory.systems.find((system) => system.asid === fromAsid);
    this.role = this.sender ? roleOf(this.sender) : undefined;
  }

  /** The first value of a header, its name matched in any case. */
  header(name: string): string | undefined {
    const lower = name.toLowerCase();
    return this.request.headers.find(([headerName]) => headerName.toLowerCase() === lower)?.[1];
  }

  /** The ODS code the directory ties to an ASID (NRLS-AUTHZ-004). */
  odsOf(asid: string | undefined): string | undefined {
    return this.directory.systems.find((system) => system.asid === asid)?.ods;
  }

  /** The Authorization token, undefined when there is no Authorization header. */
  token(): TokenView | undefined {
    if (this.tokenView === undefined) {
      const authorization = this.header('Authorization');
      this.tokenView = authorization === undefined ? null : splitTokenView(authorization);
    }
    return this.tokenView ?? undefined;
  }

  /** The JWT claims, undefined when there is no decodable token. */
  claims(): Record<string, unknown> | undefined {
    return this.token()?.claims;
  }

  body(): BodyView {
    this.bodyView ??= readBody(this.request, this.header('Content-Type'));
    return this.bodyView;
  }

  /** The pointer in the body, when the body parsed as a DocumentReference. */
  pointer(): Record<string, unknown> | undefined {
    const body = this.body();
    return body.kind === 'parsed' && body.resource.resourceType === 'DocumentReference' ? body.resource : undefined;
  }
}

function decodeSection(section: string | undefined): unknown {
  if (!section || !/^[A-Za-z0-9_-]+$/.test(section)) return undefined;
  try {
    return JSON.parse(Buffer.from(section, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

function splitTokenView(authorization: string): TokenView {
  const token = bearerToken(authorization);
  const scheme = /^\s*(\S+)\s+\S/.exec(authorization)?.[1];
  const sections = token.split('.');
  const claims = sections.length === 3 ? decodeSection(sections[1]) : undefined;
  return {
    scheme: scheme?.toLowerCase() === 'bearer' ? scheme : undefined,
    token,
    sections,
    header: sections.length === 3 ? decodeSection(sections[0]) : undefined,
    claims: claims !== null && typeof claims === 'object' && !Array.isArray(claims) ? (claims as never) : undefined,
  };
}

/**
 * The resource without its empty strings: an empty value is a mandatory element present without a value
 * (NRLS-PROF-003), which the element's own rule reports, not a syntax error (as the mock's parse stage does).
 */
function withoutEmptyStrings(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((item) => item !== '').map(withoutEmptyStrings);
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [name, child] of Object.entries(value)) {
    if (child !== '')
      Object.defineProperty(copy, name, {
        value: withoutEmptyStrings(child),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return copy;
}

/** NRLS-FMT-010 (AMB-16): the Content-Type decides the syntax when it names a FHIR type, else the body is sniffed. */
function readBody(request: RecordedRequest, contentType: string | undefined): BodyView {
  if (request.body === undefined || request.body === '') return { kind: 'absent' };
  if (request.bodyTruncated) return { kind: 'truncated' };
  const text = request.body.replace(/^\uFEFF/, '');
  const first = text.trimStart()[0];
  const sniffed: FhirFormat | undefined = first === '{' ? 'json' : first === '<' ? 'xml' : undefined;
  const syntax = (contentType && formatOfMediaType(contentType)) || sniffed;
  if (!syntax) return { kind: 'unparsable', reason: 'the body is neither JSON nor XML' };
  if (syntax === 'xml') {
    const read = readFhirXml(text);
    if (read.ok) return { kind: 'parsed', syntax, resource: read.resource };
    if (read.otherResourceType) return { kind: 'parsed', syntax, resource: { resourceType: read.rootName! } };
    return { kind: 'unparsable', syntax, reason: `not FHIR STU3 XML: ${read.reason}` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { kind: 'unparsable', syntax, reason: `malformed JSON: ${(error as Error).message}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { kind: 'unparsable', syntax, reason: 'the JSON body is not an object' };
  const resource = value as FhirResource;
  if (typeof resource.resourceType !== 'string')
    return { kind: 'unparsable', syntax, reason: 'the JSON object has no resourceType' };
  if (resource.resourceType !== 'DocumentReference') return { kind: 'parsed', syntax, resource };
  let check: ReturnType<typeof checkJsonResource>;
  try {
    check = checkJsonResource(withoutEmptyStrings(skeletonOf(resource)) as FhirResource);
  } catch (error) {
    return { kind: 'unparsable', syntax, reason: `not FHIR STU3 JSON: ${(error as Error).message.split('\n')[0]}` };
  }
  if (!check.ok) return { kind: 'unparsable', syntax, reason: `not FHIR STU3 JSON: ${check.reason}` };
  return { kind: 'parsed', syntax, resource };
}
