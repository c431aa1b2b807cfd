// The strict FHIR STU3 JSON check as it was first written: one conversion to XML and back (stu3-xml.ts).
// An element missing from the XML is unknown; an element the read-back lost, or a shape that differs
// from the read-back, is wrongly shaped. About 0.7 ms a pointer, so the mock no longer uses it
// (stu3-json.ts checks against a compiled schema instead); the differential test
// (test/domain/stu3-json-differential.test.ts) keeps it as the reference the schema check must agree with.
import { RESOURCE_TYPES, bump, xmlRoundTrip, type ElementCensus, type FhirResource } from './stu3-xml.ts';
import type { JsonResourceCheck } from './stu3-json.ts';

/** The checks a strict FHIR JSON parser makes of a resource of an NRLS type, by the XML round trip. May throw. */
export function checkJsonResourceByRoundTrip(resource: FhirResource): JsonResourceCheck {
  if (!RESOURCE_TYPES.has(resource.resourceType)) return { ok: true };
  const type = resource.resourceType;
  const census: ElementCensus = new Map();
  censusOfJson(resource, [], census);
  const written = xmlRoundTrip(resource);
  for (const path of census.keys()) {
    if (!written.census.has(path))
      return {
        ok: false,
        problem: 'unknown-element',
        reason: `${path} is not an element of a FHIR STU3 ${type}`,
        elementPath: path,
      };
  }
  if (!written.readBack)
    return {
      ok: false,
      problem: 'not-xml',
      reason: `not writable as FHIR STU3 XML: ${written.problem}`,
      elementPath: written.problemPath,
    };
  // What the XML carries but the read-back lost was written from a value STU3 cannot hold there
  // (`"title": []` is written as an empty title, which no reader keeps).
  const readBack: ElementCensus = new Map();
  censusOfJson(written.readBack, [], readBack);
  const lost = [...written.census.keys()].find((path) => !readBack.has(path));
  const reshaped = lost ?? firstShapeDifference(resource, written.readBack);
  if (reshaped !== undefined)
    return {
      ok: false,
      problem: 'reshaped',
      reason: `${reshaped} is not shaped as STU3 defines it (array, object or value)`,
      elementPath: reshaped,
    };
  return { ok: true };
}

/** Whether a JSON value carries anything: a primitive, or an object or array with some content. */
function hasContent(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.some(hasContent);
  if (typeof value === 'object') return Object.values(value).some(hasContent);
  return true;
}

/** Element paths the JSON carries, counted as its XML form would carry them. */
function censusOfJson(value: unknown, path: string[], census: ElementCensus): void {
  if (Array.isArray(value)) {
    for (const item of value) censusOfJson(item, path, census);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const isResource = typeof (value as FhirResource).resourceType === 'string';
  const parent = path[path.length - 1];
  for (const [key, child] of Object.entries(value)) {
    if (key === 'resourceType' || key === 'fhir_comments' || !hasContent(child)) continue;
    // Attributes in XML, not elements: an element's id, an extension's url.
    if (key === 'id' && !isResource && path.length > 0) continue;
    if (key === 'url' && (parent === 'extension' || parent === 'modifierExtension')) continue;
    const name = key.startsWith('_') ? key.slice(1) : key;
    const childPath = [...path, name];
    bump(census, childPath.join('.'));
    if (name === 'div' && parent === 'text') continue;
    const nested = Array.isArray(child) ? child : [child];
    for (const item of nested) {
      const isNestedResource =
        item !== null && typeof item === 'object' && typeof (item as FhirResource).resourceType === 'string';
      censusOfJson(item, isNestedResource ? [...childPath, (item as FhirResource).resourceType] : childPath, census);
    }
  }
}

const isObject = (value: unknown): value is object =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The first element whose shape differs between what was sent and what STU3 reads back: FHIR JSON has
 * arrays exactly where STU3 repeats an element, and objects exactly where it has a complex type.
 */
function firstShapeDifference(sent: unknown, read: unknown, path = ''): string | undefined {
  if (Array.isArray(sent) !== Array.isArray(read) || isObject(sent) !== isObject(read)) return path;
  if (Array.isArray(sent)) {
    for (let index = 0; index < Math.min(sent.length, (read as unknown[]).length); index++) {
      const difference = firstShapeDifference(sent[index], (read as unknown[])[index], path);
      if (difference !== undefined) return difference;
    }
  } else if (isObject(sent) && isObject(read)) {
    for (const [key, child] of Object.entries(sent)) {
      if (!Object.hasOwn(read, key)) continue;
      const difference = firstShapeDifference(
        child,
        (read as Record<string, unknown>)[key],
        path ? `${path}.${key}` : key,
      );
      if (difference !== undefined) return difference;
    }
  }
  return undefined;
}
