// Stage 7: the body of a create, as a FHIR STU3 resource. The Content-Type decides the syntax when it
// is one NRLS knows, otherwise the body is sniffed (NRLS-FMT-010, AMB-16); a body that is not UTF-8,
// not well-formed, not a FHIR resource, or carries elements STU3 does not define is INVALID_REQUEST_MESSAGE
// (NRLS-CREATE-020, NRLS-PROF-001). Another resource type is INVALID_RESOURCE (NRLS-CREATE-027).
import { formatOfMediaType, type FhirFormat } from '../../src/domain/fhir-format.ts';
import type { Pointer } from '../../src/domain/pointer.ts';
import { MAX_XML_DEPTH, readFhirXml, resourceToXml, unknownJsonElement, type FhirResource } from '../../src/domain/stu3-xml.ts';
import type { RequestContext } from '../context.ts';
import { diagnostics, echo } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The element path is the client's own naming, so it is cut like any echoed value. */
const invalidMessage = (reason: string, elementPath?: string) =>
  new SpineError('INVALID_REQUEST_MESSAGE', diagnostics.invalidRequestMessage(), { location: elementPath && echo(elementPath), reason });

/** Depth of nested arrays and objects, counted without recursion so deep input cannot overflow the stack. */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (node === null || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth);
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return deepest;
}

function syntaxOf(ctx: RequestContext, text: string): FhirFormat {
  const declared = ctx.request.headers['content-type'];
  const fromHeader = declared ? formatOfMediaType(declared) : undefined;
  if (fromHeader) return fromHeader;
  if (ctx.config.faults.on('request-content-type-required')) throw invalidMessage(`Content-Type ${declared ?? '(none)'} is not a FHIR type`);
  const first = text.trimStart()[0];
  if (first === '{') return 'json';
  if (first === '<') return 'xml';
  throw invalidMessage('the body is neither JSON nor XML');
}

function readJson(ctx: RequestContext, text: string): FhirResource {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (ctx.config.faults.on('malformed-body-crashes')) throw new Error(`the body does not parse: ${(error as Error).message}`);
    throw invalidMessage(`malformed JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidMessage('the JSON body is not an object');
  if (jsonDepth(value) > MAX_XML_DEPTH) throw invalidMessage(`JSON nested deeper than ${MAX_XML_DEPTH} levels`);
  const resource = value as FhirResource;
  if (typeof resource.resourceType !== 'string') throw invalidMessage('the JSON object has no resourceType, so it is not a FHIR resource');
  return resource;
}

/** Another resource type is INVALID_RESOURCE (NRLS-CREATE-027). */
function otherResourceType(ctx: RequestContext, resourceType: unknown): SpineError {
  if (ctx.config.faults.on('other-resource-type-as-message-error')) return invalidMessage(`${String(resourceType)} is not a DocumentReference`);
  return new SpineError('INVALID_RESOURCE', diagnostics.resourceTypeInvalid(resourceType));
}

export function parseBody(ctx: RequestContext): void {
  if (ctx.interaction !== 'create') return;
  const { faults } = ctx.config;
  let text: string;
  try {
    text = utf8.decode(ctx.body!);
  } catch {
    throw invalidMessage('the body is not valid UTF-8');
  }
  text = text.replace(/^\uFEFF/, '');
  let resource: FhirResource;
  const dropUnknown = faults.on('unknown-elements-dropped');
  if (syntaxOf(ctx, text) === 'json') {
    resource = readJson(ctx, text);
    if (resource.resourceType !== 'DocumentReference') throw otherResourceType(ctx, resource.resourceType);
    let unknown: string | undefined;
    try {
      unknown = unknownJsonElement(resource);
    } catch (error) {
      // The STU3 converter cannot read it (a null in an array of elements): not a FHIR resource.
      throw invalidMessage(`not a FHIR STU3 DocumentReference: ${(error as Error).message.split('\n')[0]}`);
    }
    if (unknown && dropUnknown) {
      const reread = readFhirXml(resourceToXml(resource));
      if (reread.ok) resource = reread.resource;
    } else if (unknown) throw invalidMessage(`${unknown} is not an element of a FHIR STU3 DocumentReference`, `DocumentReference.${unknown}`);
  } else {
    const read = readFhirXml(text, { dropUnknownElements: dropUnknown });
    if (!read.ok) {
      if (faults.on('malformed-body-crashes')) throw new Error(`the body does not parse: ${read.reason}`);
      if (read.otherResourceType) throw otherResourceType(ctx, read.rootName);
      throw invalidMessage(read.reason, read.elementPath && `DocumentReference.${read.elementPath}`);
    }
    resource = read.resource;
    if (resource.resourceType !== 'DocumentReference') throw otherResourceType(ctx, resource.resourceType);
  }
  ctx.pointer = resource as Pointer;
}
