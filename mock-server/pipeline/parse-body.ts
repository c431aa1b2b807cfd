// Stage 7: the body of a create, as a FHIR STU3 resource. The Content-Type decides the syntax when it
// is one NRLS knows, otherwise the body is sniffed (NRLS-FMT-010, AMB-16); a body that is not UTF-8,
// not well-formed, not a FHIR resource, carries elements STU3 does not define (or shapes them otherwise:
// an array for a single value), or characters FHIR strings cannot hold is INVALID_REQUEST_MESSAGE
// (NRLS-CREATE-020, NRLS-PROF-001). Another resource type is INVALID_RESOURCE (NRLS-CREATE-027). An empty
// value ("" in JSON, value="" in XML) is not FHIR either, except in a mandatory element: that is a
// mandatory element present without a value, left for the profile check (NRLS-PROF-003, empty-values.ts).
import { formatOfMediaType, type FhirFormat } from '../../src/domain/fhir-format.ts';
import type { Pointer } from '../../src/domain/pointer.ts';
import { checkJsonResource, type JsonResourceCheck } from '../../src/domain/stu3-json.ts';
import { MAX_XML_DEPTH, readFhirXml, type FhirResource } from '../../src/domain/stu3-xml.ts';
import type { RequestContext } from '../context.ts';
import { NOT_XML_CHARACTER, diagnostics, echo } from '../errors/diagnostics.ts';
import { SpineError } from '../errors/spine-error.ts';
import type { MandatoryValueTest } from '../validation/mandatory-elements.ts';
import { setAsideEmptyMandatoryJsonValues, withoutEmptyMandatoryXmlValues } from './empty-values.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The element path is the client's own naming, so it is cut like any echoed value. */
const invalidMessage = (reason: string, elementPath?: string) =>
  new SpineError('INVALID_REQUEST_MESSAGE', diagnostics.invalidRequestMessage(), {
    location: elementPath && echo(elementPath),
    reason,
  });

type Stu3Problem = Extract<JsonResourceCheck, { ok: false }>;

export interface ParseBodyRules {
  /** NRLS-FMT-010 (AMB-16): a body whose Content-Type names no FHIR type is sniffed. */
  sniff(text: string, declared: string | undefined): FhirFormat;
  /** NRLS-PROF-001, NRLS-CREATE-020: a body that does not parse is INVALID_REQUEST_MESSAGE. */
  unparsable(reason: string, elementPath?: string): Error;
  /** NRLS-GEN-001: what STU3 does not define (an element, a shape) is not FHIR. */
  refusesStu3Problem(problem: Stu3Problem): boolean;
  /** NRLS-CREATE-027: another resource type is INVALID_RESOURCE. */
  otherResourceType(resourceType: unknown): SpineError;
}

export const PARSE_BODY_RULES: ParseBodyRules = {
  sniff(text) {
    const first = text.trimStart()[0];
    if (first === '{') return 'json';
    if (first === '<') return 'xml';
    throw invalidMessage('the body is neither JSON nor XML');
  },
  unparsable: (reason, elementPath) => invalidMessage(reason, elementPath),
  refusesStu3Problem: () => true,
  otherResourceType: (resourceType) =>
    new SpineError('INVALID_RESOURCE', diagnostics.resourceTypeInvalid(resourceType)),
};

/**
 * Values (objects, arrays and primitives) a JSON body may hold. A pointer has a few dozen; each costs the
 * STU3 converter about 0.05 ms, so 300,000 empty objects (under 1 MB) would hold the server for 20 s.
 */
export const MAX_JSON_VALUES = 5000;

/**
 * Depth of nested arrays and objects, and the number of values, counted without recursion so deep input cannot overflow
 * the stack.
 */
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

function syntaxOf(ctx: RequestContext, text: string, rules: ParseBodyRules): FhirFormat {
  const declared = ctx.request.headers['content-type'];
  const fromHeader = declared ? formatOfMediaType(declared) : undefined;
  return fromHeader ?? rules.sniff(text, declared);
}

function readJson(text: string, rules: ParseBodyRules): FhirResource {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw rules.unparsable(`malformed JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw invalidMessage('the JSON body is not an object');
  const shape = jsonShape(value);
  if (shape.depth > MAX_XML_DEPTH) throw invalidMessage(`JSON nested deeper than ${MAX_XML_DEPTH} levels`);
  if (shape.values > MAX_JSON_VALUES)
    throw invalidMessage(`JSON with ${shape.values} values, more than ${MAX_JSON_VALUES}`);
  const resource = value as FhirResource;
  if (typeof resource.resourceType !== 'string')
    throw invalidMessage('the JSON object has no resourceType, so it is not a FHIR resource');
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
    for (const [key, child] of Object.entries(node))
      pending.push([child, Array.isArray(node) ? path : path ? `${path}.${key}` : key]);
  }
  return undefined;
}

/**
 * One app's answers of the strict STU3 check by skeleton. The check reads only the skeleton (which
 * elements there are and how they are shaped, never their values), and a skeleton is exactly its JSON
 * text, so pointers shaped alike (nearly every create and supersede) are checked once.
 */
export class Stu3JsonChecks {
  private readonly known = new Map<string, JsonResourceCheck>();

  constructor(private readonly limit = 1_000) {}

  check(skeleton: FhirResource): JsonResourceCheck {
    const text = JSON.stringify(skeleton);
    let result = this.known.get(text);
    if (!result) {
      result = checkJsonResource(skeleton);
      if (this.known.size >= this.limit) this.known.clear();
      this.known.set(text, result);
    }
    return result;
  }
}

export function parseBody(
  ctx: RequestContext,
  rules: ParseBodyRules,
  isMandatory: MandatoryValueTest,
  checks: Stu3JsonChecks,
): void {
  if (ctx.interaction !== 'create') return;
  let text: string;
  try {
    text = utf8.decode(ctx.body!);
  } catch {
    throw invalidMessage('the body is not valid UTF-8');
  }
  text = text.replace(/^\uFEFF/, '');
  let resource: FhirResource;
  if (syntaxOf(ctx, text, rules) === 'json') {
    resource = readJson(text, rules);
    if (resource.resourceType !== 'DocumentReference') throw rules.otherResourceType(resource.resourceType);
    let check;
    try {
      check = checks.check(setAsideEmptyMandatoryJsonValues(resource, isMandatory));
    } catch (error) {
      // The STU3 converter cannot read it (a null in an array of elements): not a FHIR resource.
      throw invalidMessage(`not a FHIR STU3 DocumentReference: ${(error as Error).message.split('\n')[0]}`);
    }
    if (!check.ok && rules.refusesStu3Problem(check)) {
      throw invalidMessage(check.reason, check.elementPath && `DocumentReference.${check.elementPath}`);
    }
  } else {
    const read = readFhirXml(withoutEmptyMandatoryXmlValues(text, isMandatory));
    if (!read.ok) {
      if (read.otherResourceType) throw rules.otherResourceType(read.rootName);
      throw rules.unparsable(read.reason, read.elementPath && `DocumentReference.${read.elementPath}`);
    }
    resource = read.resource;
    if (resource.resourceType !== 'DocumentReference') throw rules.otherResourceType(resource.resourceType);
  }
  const forbidden = elementWithForbiddenCharacter(resource);
  if (forbidden !== undefined)
    throw invalidMessage(`${forbidden} has a character FHIR strings cannot hold`, `DocumentReference.${forbidden}`);
  ctx.pointer = resource as Pointer;
}
