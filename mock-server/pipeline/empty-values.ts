// NRLS-PROF-003: a mandatory element present without a value is 400 INVALID_RESOURCE, like a missing one
// (NRLS-PROF-002), not INVALID_REQUEST_MESSAGE. FHIR allows no empty value (`"status": ""` in JSON,
// `<status value=""/>` in XML), so the strict STU3 reading of the body refuses one as a body that is not
// FHIR (NRLS-PROF-001). For a mandatory element the body reader therefore sets the empty value aside
// before that reading: the element is then read as present without a value (an empty XML element,
// dropped; in JSON, the key removed), and the profile check names it as it names a missing one
// (`Resource is invalid : [element path]`, AMB-27). An empty value anywhere else stays a syntax error.
import sax from 'sax';
import { skeletonOf } from '../../src/domain/stu3-json.ts';
import { FHIR_NAMESPACE, MAX_XML_DEPTH, type FhirResource } from '../../src/domain/stu3-xml.ts';
import type { ElementStep, MandatoryValueTest } from '../validation/mandatory-elements.ts';

/** Where a JSON body holds "" for a mandatory element. */
interface EmptyJsonValue {
  holder: Record<string, unknown>;
  key: string;
}

/** The empty strings of a parsed JSON resource that are the values of mandatory elements. */
function emptyMandatoryJsonValues(resource: FhirResource, isMandatory: MandatoryValueTest): EmptyJsonValue[] {
  const found: EmptyJsonValue[] = [];
  // The body was checked for depth (at most 32) and size (at most 5,000 values) before: recursion is safe.
  const visit = (node: Record<string, unknown>, steps: ElementStep[]) => {
    for (const [key, child] of Object.entries(node)) {
      if (child === '') {
        if (isMandatory([...steps, { name: key, index: 0 }])) found.push({ holder: node, key });
        continue;
      }
      const items = Array.isArray(child) ? child : [child];
      items.forEach((item, index) => {
        if (item !== null && typeof item === 'object' && !Array.isArray(item))
          visit(item as Record<string, unknown>, [...steps, { name: key, index }]);
      });
    }
  };
  visit(resource, []);
  return found;
}

/**
 * The skeleton the STU3 checks read (`skeletonOf`), in which each mandatory element given "" holds a
 * value (so that a "" where STU3 has an object is still the wrong shape); those "" are then removed
 * from the resource itself, which the profile check then finds without them.
 */
export function setAsideEmptyMandatoryJsonValues(
  resource: FhirResource,
  isMandatory: MandatoryValueTest,
): FhirResource {
  const empty = emptyMandatoryJsonValues(resource, isMandatory);
  for (const { holder, key } of empty) holder[key] = 'xx';
  const skeleton = skeletonOf(resource) as FhirResource;
  for (const { holder, key } of empty) delete holder[key];
  return skeleton;
}

const MAYBE_EMPTY_VALUE = /\bvalue\s*=\s*(?:""|'')/;
/** One attribute of a start tag, after the element name: `name = "…"` or `name = '…'`. */
const ATTRIBUTE = /\s+([^\s=/>]+)\s*=\s*("[^"]*"|'[^']*')/y;

/** Where, in a start tag's text, an empty `value` attribute is: [from, to) in the whole text. */
function emptyValueAttribute(text: string, tagStart: number, tagEnd: number): [number, number] | undefined {
  const tag = text.slice(tagStart, tagEnd);
  ATTRIBUTE.lastIndex = /^<[^\s/>]+/.exec(tag)?.[0].length ?? tag.length;
  for (let match = ATTRIBUTE.exec(tag); match; match = ATTRIBUTE.exec(tag)) {
    if (match[1] === 'value' && match[2]!.length === 2) {
      const leadingSpace = match[0].length - match[0].trimStart().length;
      return [tagStart + match.index + leadingSpace, tagStart + match.index + match[0].length];
    }
  }
  return undefined;
}

/**
 * The XML with each empty `value` attribute of a mandatory element blanked out (spaces, so that lines
 * and columns stay where they were): `<status value=""/>` is read as `<status/>`, an element present
 * without a value. A document that is not well-formed, or not a DocumentReference, is returned as it is:
 * the strict reader says what is wrong with it.
 */
export function withoutEmptyMandatoryXmlValues(text: string, isMandatory: MandatoryValueTest): string {
  if (!MAYBE_EMPTY_VALUE.test(text)) return text;
  const parser = sax.parser(true, { xmlns: true, position: true });
  const open: { steps: ElementStep[]; seen: Map<string, number> }[] = [];
  const cuts: [number, number][] = [];
  let outside = 0; // depth inside elements outside the FHIR namespace (the narrative's XHTML)
  parser.onopentag = (tag) => {
    const node = tag as sax.QualifiedTag;
    if (outside > 0 || node.uri !== FHIR_NAMESPACE || (open.length === 0 && node.local !== 'DocumentReference')) {
      outside += 1;
      return;
    }
    if (open.length > MAX_XML_DEPTH) throw new Error('nested too deeply');
    const parent = open[open.length - 1];
    const index = parent?.seen.get(node.local) ?? 0;
    parent?.seen.set(node.local, index + 1);
    const steps = parent ? [...parent.steps, { name: node.local, index }] : [];
    open.push({ steps, seen: new Map() });
    if (parent && node.attributes.value?.value === '' && isMandatory(steps)) {
      const cut = emptyValueAttribute(text, parser.startTagPosition - 1, parser.position);
      if (cut) cuts.push(cut);
    }
  };
  parser.onclosetag = () => {
    if (outside > 0) outside -= 1;
    else open.pop();
  };
  parser.onerror = (error) => {
    throw error; // stop at once; the strict reader reports it
  };
  try {
    parser.write(text).close();
  } catch {
    return text;
  }
  if (cuts.length === 0) return text;
  const parts: string[] = [];
  let at = 0;
  for (const [from, to] of cuts) {
    parts.push(text.slice(at, from), ' '.repeat(to - from));
    at = to;
  }
  parts.push(text.slice(at));
  return parts.join('');
}
