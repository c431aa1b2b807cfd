// FHIR STU3 (3.0.1) XML, produced and read by the `fhir` package with the STU3 definitions that
// `fhir@3.3.1` ships (fhir 4.x ships only R4 and would silently drop STU3-only elements).
//
// The `fhir` package's reader is lenient: it drops elements it does not know, ignores text after the
// root, keeps the last of two copies of a single element and does not check the namespace. A FHIR
// server must refuse such documents, so `readFhirXml` first checks the document with a strict SAX pass
// and afterwards proves that every element survived the conversion.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fhirPackage from 'fhir';
import sax from 'sax';

const { Fhir, ParseConformance, Versions } = fhirPackage;

export const FHIR_NAMESPACE = 'http://hl7.org/fhir';
const XHTML_NAMESPACE = 'http://www.w3.org/1999/xhtml';
/** Deeper than any DocumentReference, Bundle or OperationOutcome needs; refuses nesting attacks. */
export const MAX_XML_DEPTH = 32;

/** The resource types NRLS 1.2.x exchanges; the only STU3 definitions loaded. */
export const RESOURCE_TYPES: ReadonlySet<string> = new Set(['DocumentReference', 'OperationOutcome', 'Bundle']);

type FhirConverter = InstanceType<typeof Fhir>;
let converter: FhirConverter | undefined;

/** Loads the STU3 definitions (about 0.3 s) now rather than on the first XML request. */
export function preloadStu3(): void {
  stu3();
}

function stu3(): FhirConverter {
  if (converter) return converter;
  const require = createRequire(import.meta.url);
  const definitions = (name: string) =>
    JSON.parse(readFileSync(require.resolve(`fhir-stu3/profiles/stu3/${name}`), 'utf8'));
  const parser = new ParseConformance(false, Versions.STU3);
  parser.parseBundle(definitions('profiles-types.json'));
  const resources = definitions('profiles-resources.json');
  parser.parseBundle({
    resourceType: 'Bundle',
    entry: resources.entry.filter(
      (entry: { resource: { resourceType: string; id: string } }) =>
        entry.resource.resourceType === 'StructureDefinition' && RESOURCE_TYPES.has(entry.resource.id),
    ),
  });
  converter = new Fhir(parser);
  return converter;
}

export type FhirResource = { resourceType: string; [element: string]: unknown };

/** A type's or resource's elements as the `fhir` package's STU3 parser holds them (stu3-json.ts compiles them). */
export interface ParsedProperty {
  _name: string;
  _type: string;
  _multiple?: boolean;
  _properties?: ParsedProperty[];
}

/** The parsed STU3 definitions, by type name: the very object the converter looks types up in. */
export function stu3Definitions(): Record<string, { _properties?: ParsedProperty[] } | undefined> {
  return (
    stu3() as unknown as { parser: { parsedStructureDefinitions: Record<string, { _properties?: ParsedProperty[] }> } }
  ).parser.parsedStructureDefinitions;
}

/** The `fhir` package's XML for a resource, as it is: no cache. */
export function objToXml(resource: FhirResource): string {
  return stu3().objToXml(resource);
}

/** A resource's XML as it appears nested in another resource (no prolog, no namespace declaration). */
export function nestedResourceXml(resource: FhirResource): string {
  const standalone = objToXml(resource).replace(/^<\?xml[^>]*\?>/, '');
  const root = `<${resource.resourceType} xmlns="${FHIR_NAMESPACE}"`;
  return standalone.startsWith(root) ? `<${resource.resourceType}${standalone.slice(root.length)}` : standalone;
}

export const isPlainEntry = (entry: unknown): entry is { resource: FhirResource } =>
  !!entry &&
  typeof entry === 'object' &&
  Object.keys(entry).length === 1 &&
  'resource' in entry &&
  typeof (entry as { resource: { resourceType?: unknown } }).resource?.resourceType === 'string';

/**
 * FHIR STU3 XML of a resource. A searchset Bundle is written as the `fhir` package writes it, with each
 * entry's XML from `nestedXml`: the same bytes as `objToXml` of the whole Bundle (a test proves it). The
 * mock passes the XML its serialiser keeps for each pointer (mock-server/pipeline/serialised-forms.ts), so
 * a search converts only the Bundle's envelope.
 */
export function resourceToXml(
  resource: FhirResource,
  nestedXml: (resource: FhirResource) => string = nestedResourceXml,
): string {
  const entries = resource.resourceType === 'Bundle' ? resource.entry : undefined;
  if (!Array.isArray(entries) || entries.length === 0 || !entries.every(isPlainEntry) || 'signature' in resource)
    return objToXml(resource);
  const { entry: _entry, ...envelope } = resource;
  const head = plainEnvelopeXml(envelope) ?? objToXml(envelope as FhirResource);
  // STU3 Bundle: … total, link, entry, signature. With no signature the entries close the Bundle.
  if (!head.endsWith('</Bundle>')) return objToXml(resource);
  const body = entries.map((entry) => `<entry><resource>${nestedXml(entry.resource)}</resource></entry>`).join('');
  return `${head.slice(0, -'</Bundle>'.length)}${body}</Bundle>`;
}

/** FHIR ids (§2.7 id datatype) and codes with nothing XML would escape. */
const PLAIN_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const PLAIN_CODE = /^[a-z-]{1,32}$/;

/**
 * A searchset's envelope written directly: `{resourceType, id, type, total}` and nothing else, with an
 * id, type and total that need no escaping. The converter spends tens of microseconds walking the Bundle's
 * definition for these three elements; this writes the bytes it writes (a test compares them). Anything
 * else is undefined, for the converter.
 */
function plainEnvelopeXml(envelope: Record<string, unknown>): string | undefined {
  const { resourceType, id, type, total, ...rest } = envelope;
  if (resourceType !== 'Bundle' || Object.keys(rest).length > 0) return undefined;
  if (typeof id !== 'string' || !PLAIN_ID.test(id) || typeof type !== 'string' || !PLAIN_CODE.test(type)) return;
  if (!Number.isSafeInteger(total) || (total as number) < 0) return undefined;
  return (
    `<?xml version="1.0" encoding="UTF-8"?><Bundle xmlns="${FHIR_NAMESPACE}"><id value="${id}"/>` +
    `<type value="${type}"/><total value="${total}"/></Bundle>`
  );
}

export type XmlReadResult =
  | { ok: true; resource: FhirResource }
  | { ok: false; reason: string; elementPath?: string; rootName?: string; otherResourceType?: boolean };

/** Element paths below the root (`type.coding.system`), counted, as a document carries them. */
export type ElementCensus = Map<string, number>;

interface ScanResult {
  rootName?: string;
  rootNamespace?: string;
  census: ElementCensus;
  error?: string;
  textPath?: string;
}

/** One strict pass: well-formed, one root, no DOCTYPE or entities, bounded depth, no text in FHIR elements. */
function scanXml(text: string): ScanResult {
  const parser = sax.parser(true, { xmlns: true, position: true });
  const result: ScanResult = { census: new Map() };
  const path: string[] = [];
  let roots = 0;
  let insideXhtml = 0;
  const fail = (reason: string) => {
    if (!result.error) result.error = `${reason} (line ${parser.line + 1}, column ${parser.column + 1})`;
  };
  parser.ondoctype = () => fail('DOCTYPE and entity declarations are not accepted');
  // An element is counted when it closes, and only if it has a value or a counted child: an empty
  // element is "present without a value", which the profile check reports (NRLS-PROF-003).
  const open: { path: string; hasContent: boolean }[] = [];
  parser.onopentag = (tag) => {
    const node = tag as sax.QualifiedTag;
    if (path.length === 0 && insideXhtml === 0) {
      roots += 1;
      if (roots > 1) return fail('more than one root element');
      result.rootName = node.local;
      result.rootNamespace = node.uri;
      path.push(node.local);
      return;
    }
    if (insideXhtml > 0 || node.uri === XHTML_NAMESPACE) {
      if (insideXhtml === 0) {
        bump(result.census, [...path.slice(1), node.local].join('.'));
        if (open.length > 0) open[open.length - 1]!.hasContent = true;
      }
      insideXhtml += 1;
      return;
    }
    path.push(node.local);
    if (path.length > MAX_XML_DEPTH) return fail(`elements nested deeper than ${MAX_XML_DEPTH} levels`);
    open.push({ path: path.slice(1).join('.'), hasContent: Object.hasOwn(node.attributes, 'value') });
  };
  parser.onclosetag = () => {
    if (insideXhtml > 0) {
      insideXhtml -= 1;
      return;
    }
    if (path.length > 1) {
      const element = open.pop()!;
      if (element.hasContent) {
        bump(result.census, element.path);
        if (open.length > 0) open[open.length - 1]!.hasContent = true;
      }
    }
    path.pop();
  };
  parser.ontext = (chunk) => {
    if (insideXhtml === 0 && chunk.trim() !== '' && path.length > 0 && !result.textPath) {
      result.textPath = path.slice(1).join('.') || path[0];
    }
  };
  parser.onerror = (error) => {
    fail(error.message.split('\n')[0]!);
    // Stop at the first error: resuming raises one per later character, seconds for a megabyte of junk.
    throw error;
  };
  try {
    parser.write(text).close();
  } catch (error) {
    fail((error as Error).message.split('\n')[0]!);
  }
  if (!result.error && roots === 0) result.error = 'no root element';
  return result;
}

export function bump(census: ElementCensus, path: string): void {
  census.set(path, (census.get(path) ?? 0) + 1);
}

/** Reads one FHIR STU3 resource from XML, refusing anything a strict FHIR XML parser would refuse. */
export function readFhirXml(text: string): XmlReadResult {
  const scan = scanXml(text);
  if (scan.error) return { ok: false, reason: scan.error };
  const rootName = scan.rootName!;
  if (scan.rootNamespace !== FHIR_NAMESPACE) {
    return { ok: false, reason: `root element ${rootName} is not in the FHIR namespace ${FHIR_NAMESPACE}`, rootName };
  }
  if (scan.textPath) {
    return {
      ok: false,
      reason: `element ${scan.textPath} has text content; FHIR XML carries values in the value attribute`,
      elementPath: scan.textPath,
      rootName,
    };
  }
  if (!RESOURCE_TYPES.has(rootName)) {
    return {
      ok: false,
      reason: `${rootName} is not a resource type NRLS exchanges`,
      rootName,
      otherResourceType: true,
    };
  }
  let resource: FhirResource;
  try {
    resource = stu3().xmlToObj(text) as FhirResource;
  } catch (error) {
    return { ok: false, reason: `not a FHIR STU3 ${rootName}: ${(error as Error).message.split('\n')[0]}`, rootName };
  }
  const lost = firstLostElement(scan.census, scanXml(resourceToXml(resource)).census);
  if (lost)
    return {
      ok: false,
      reason: `${lost} is not an element of a FHIR STU3 ${rootName}, or appears more often than it may`,
      elementPath: lost,
      rootName,
    };
  return { ok: true, resource };
}

/** What the XML a resource is written as carries, and the resource read back from it. */
export interface XmlRoundTrip {
  /** Element paths the XML carries. */
  census: ElementCensus;
  /** Why the XML could not be read back (the converter wrote something a strict reader refuses). */
  problem?: string;
  problemPath?: string;
  readBack?: FhirResource;
}

/**
 * Writes the resource as XML and reads it back: the basis of the former strict JSON check
 * (stu3-json-round-trip.ts), which the tests and bench/stu3-json-check.ts hold stu3-json.ts to.
 */
export function xmlRoundTrip(resource: FhirResource): XmlRoundTrip {
  const xml = resourceToXml(resource);
  const scan = scanXml(xml);
  if (scan.error) return { census: scan.census, problem: scan.error };
  if (scan.textPath)
    return { census: scan.census, problem: `element ${scan.textPath} has text content`, problemPath: scan.textPath };
  try {
    return { census: scan.census, readBack: stu3().xmlToObj(xml) as FhirResource };
  } catch (error) {
    return { census: scan.census, problem: (error as Error).message.split('\n')[0] };
  }
}

function firstLostElement(read: ElementCensus, written: ElementCensus): string | undefined {
  for (const [path, count] of read) {
    if ((written.get(path) ?? 0) < count) return path;
  }
  return undefined;
}
