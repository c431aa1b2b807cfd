// Stage 7: the body of a create, as a FHIR STU3 resource. The Content-Type decides the syntax when it
// is one NRLS knows, otherwise the body is sniffed (NRLS-FMT-010, AMB-16); a body that is not UTF-8,
// not well-formed, not a FHIR resource, carries elements STU3 does not define (or shapes them otherwise:
// an array for a single value), or characters FHIR strings cannot hold is INVALID_REQUEST_MESSAGE
// (NRLS-CREATE-020, NRLS-PROF-001). Another resource type is INVALID_RESOURCE (NRLS-CREATE-027). An empty
// value ("" in JSON, value="" in XML) is not FHIR either, except in a mandatory element: that is a
// mandatory element present without a value, left for the profile check (NRLS-PROF-003, empty-values.ts).
import { formatOfMediaType, type FhirFormat } from '../../src/domain/fhir-format.ts';
import type { Pointer } from '../../src/domain/pointer.ts';
import { checkJsonResource } from '../../src/domain/stu3-json.ts';
import { MAX_XML_DEPTH, readFhirXml, type FhirResource } from '../../src/domain/stu3-xml.ts';
import type { RequestContext } from '../context.ts';
import { NOT_XML_CHARACTER, diagnostics, echo } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';
import { mandatoryValueTest } from '../validation/mandatory-elements.ts';
import { setAsideEmptyMandatoryJsonValues, withoutEmptyMandatoryXmlValues } from './empty-values.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The element path is the client's own naming, so it is cut like any echoed value. */
const invalidMessage = (reason: string, elementPath?: string) =>
  new SpineError('INVALID_REQUEST_MESSAGE', diagnostics.invalidRequestMessage(), { location: elementPath && echo(elementPath), reason });

/**
 * Values (objects, arrays and primitives) a JSON body may hold. A pointer has a few dozen; each costs the
 * STU3 converter about 0.05 ms, so 300,000 empty objects (under 1 MB) would hold the server for 20 s.
 */
export const MAX_JSON_VALUES = 5000;

/** Depth of nested arrays and objects, and the number of values, counted without recursion so deep input cannot overflow the stack. */
export function jsonShape(value: unknown): { depth: number; values: number } {
  let deepest = 0;
  let values = 0;
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    values += 1;
    if (node === null || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth);
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return { depth: deepest, values };
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
  const shape = jsonShape(value);
  if (shape.depth > MAX_XML_DEPTH) throw invalidMessage(`JSON nested deeper than ${MAX_XML_DEPTH} levels`);
  if (shape.values > MAX_JSON_VALUES) throw invalidMessage(`JSON with ${shape.values} values, more than ${MAX_JSON_VALUES}`);
  const resource = value as FhirResource;
  if (typeof resource.resourceType !== 'string') throw invalidMessage('the JSON object has no resourceType, so it is not a FHIR resource');
  return resource;
}

/**
 * The first element (by path) whose value has a character FHIR strings may not hold (C0 controls but tab,
 * LF and CR) or XML 1.0 cannot carry: the pointer could not be served as XML.
 */
function elementWithForbiddenCharacter(resource: FhirResource): string | undefined {
  const pending: [unknown, string][] = [[resource, '']];
  while (pending.length > 0) {
    const [node, path] = pending.pop()!;
    if (typeof node === 'string' && NOT_XML_CHARACTER.test(node)) return path;
    if (node === null || typeof node !== 'object') continue;
    for (const [key, child] of Object.entries(node)) pending.push([child, Array.isArray(node) ? path : path ? `${path}.${key}` : key]);
  }
  return undefined;
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
  const keepUnknown = faults.on('unknown-elements-kept');
  const isMandatory = mandatoryValueTest(faults);
  if (syntaxOf(ctx, text) === 'json') {
    resource = readJson(ctx, text);
    if (resource.resourceType !== 'DocumentReference') throw otherResourceType(ctx, resource.resourceType);
    let check;
    try {
      check = checkJsonResource(setAsideEmptyMandatoryJsonValues(resource, isMandatory));
    } catch (error) {
      // The STU3 converter cannot read it (a null in an array of elements): not a FHIR resource.
      throw invalidMessage(`not a FHIR STU3 DocumentReference: ${(error as Error).message.split('\n')[0]}`);
    }
    if (!check.ok && check.problem === 'unknown-element' && keepUnknown) {
      // The fault keeps the resource as sent, the undefined element with it.
    } else if (!check.ok) throw invalidMessage(check.reason, check.elementPath && `DocumentReference.${check.elementPath}`);
  } else {
    const read = readFhirXml(withoutEmptyMandatoryXmlValues(text, isMandatory));
    if (!read.ok) {
      if (faults.on('malformed-body-crashes')) throw new Error(`the body does not parse: ${read.reason}`);
      if (read.otherResourceType) throw otherResourceType(ctx, read.rootName);
      throw invalidMessage(read.reason, read.elementPath && `DocumentReference.${read.elementPath}`);
    }
    resource = read.resource;
    if (resource.resourceType !== 'DocumentReference') throw otherResourceType(ctx, resource.resourceType);
  }
  const forbidden = elementWithForbiddenCharacter(resource);
  if (forbidden !== undefined) throw invalidMessage(`${forbidden} has a character FHIR strings cannot hold`, `DocumentReference.${forbidden}`);
  ctx.pointer = resource as Pointer;
}
