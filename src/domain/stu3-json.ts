// FHIR STU3 JSON, read strictly. JSON.parse accepts any shape; a FHIR server must refuse elements STU3
// does not define, and arrays or objects where STU3 has something else (`"status": ["current"]`), since
// a pointer stored that way could not be served as FHIR XML (NRLS-FMT-012).
//
// The rule is the one the first version applied by converting the resource to XML and back with the
// `fhir` package (stu3-json-round-trip.ts, kept for the tests): an element the XML would not carry is
// unknown; an element the XML carries but a reader would lose, or a value read back as another shape
// (array, object or value) than sent, is wrongly shaped. That conversion cost about 0.7 ms a pointer,
// nearly all of it in writing, parsing and scanning XML text. This module walks the JSON once against
// the STU3 definitions, compiled once into a table per type (element → type, repeats, value or complex,
// each choice [x] as its own element), and builds only what the conversion's checks look at: the tree
// of elements the writer would write (names, attributes, comments; no text), the census of counted
// element paths a strict scan would make of it, and the object the reader would make of it. It follows
// the `fhir` package's writer and reader step by step (their leniencies included: they decide which
// shapes the old check refused), so test/domain/stu3-json-differential.test.ts can hold it to the same
// answers. Only a narrative `div` is still written and parsed as XML text (with the same xml-js calls).
import { createRequire } from 'node:module';
import sax from 'sax';
import { MAX_XML_DEPTH, RESOURCE_TYPES, stu3Definitions, type FhirResource, type ParsedProperty } from './stu3-xml.ts';

/** Element paths (`type.coding.system`) in the order first met; how often does not matter here. */
type Census = Set<string>;

export type JsonResourceCheck =
  | { ok: true }
  | { ok: false; problem: 'unknown-element' | 'not-xml' | 'reshaped'; reason: string; elementPath?: string };

const XHTML_NAMESPACE = 'http://www.w3.org/1999/xhtml';

/** The checks a strict FHIR JSON parser makes of a resource of an NRLS type (DocumentReference, …). Never throws. */
export function checkJsonResource(resource: FhirResource): JsonResourceCheck {
  if (!RESOURCE_TYPES.has(resource.resourceType)) return { ok: true };
  const type = resource.resourceType;
  const census: Census = new Set();
  censusOfJson(resource, '', '', census);
  let root: XmlElement;
  try {
    // The converter's first step, which throws for an own `hasOwnProperty` member.
    // biome-ignore lint/suspicious/noPrototypeBuiltins: the converter's own call, kept to fail as it fails
    (resource as { hasOwnProperty(key: string): boolean }).hasOwnProperty('resourceType');
    root = writeResource(resource);
  } catch (error) {
    // The old conversion threw here (a null in an array of elements, an unknown contained resource type).
    return { ok: false, problem: 'not-xml', reason: `not writable as FHIR STU3 XML: ${firstLine(error)}` };
  }
  let scan: Scan;
  try {
    scan = scanTree(root);
  } catch (error) {
    // Attribute or comment text JavaScript cannot make (`{"toString": …}`): the old writer threw too.
    return { ok: false, problem: 'not-xml', reason: `not writable as FHIR STU3 XML: ${firstLine(error)}` };
  }
  for (const path of census.keys()) {
    if (scan.census.has(path)) continue;
    const reason = `${path} is not an element of a FHIR STU3 ${type}`;
    return { ok: false, problem: 'unknown-element', reason, elementPath: path };
  }
  if (scan.error !== undefined) {
    return { ok: false, problem: 'not-xml', reason: `not writable as FHIR STU3 XML: ${scan.error}` };
  }
  let readBack: FhirResource;
  try {
    readBack = readResource(root);
  } catch (error) {
    return { ok: false, problem: 'not-xml', reason: `not writable as FHIR STU3 XML: ${firstLine(error)}` };
  }
  // What the XML carries but the read-back lost was written from a value STU3 cannot hold there
  // (`"title": []` is written as an empty title, which no reader keeps).
  const readCensus: Census = new Set();
  censusOfJson(readBack, '', '', readCensus);
  let reshaped: string | undefined;
  for (const path of scan.census.keys()) {
    if (!readCensus.has(path)) {
      reshaped = path;
      break;
    }
  }
  reshaped ??= firstShapeDifference(resource, readBack, '');
  if (reshaped === undefined) return { ok: true };
  const reason = `${reshaped} is not shaped as STU3 defines it (array, object or value)`;
  return { ok: false, problem: 'reshaped', reason, elementPath: reshaped };
}

const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0];

/**
 * The resource as the STU3 checks need to see it: each string 'xx' and each number 1 (the narrative
 * and resource types as they are). The checks ask which elements there are and how they are shaped, not
 * what they hold, and the converter walks a value given for a repeating element by its length: a
 * megabyte string character by character, `{"length": 1e12}` a trillion times.
 */
export function skeletonOf(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return value === '' || key === 'div' || key === 'resourceType' ? value : 'xx';
  if (typeof value === 'number') return 1;
  if (Array.isArray(value)) return value.map((item) => skeletonOf(item, key));
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [name, child] of Object.entries(value)) {
    // defineProperty, so that a `__proto__` key stays an own property (and is found unknown).
    const property = { value: skeletonOf(child, name), enumerable: true, writable: true, configurable: true };
    Object.defineProperty(copy, name, property);
  }
  return copy;
}

// ---------------------------------------------------------------------------------------------------
// The compiled STU3 tables.

/** Types the writer gives a value attribute (`<status value="current"/>`). */
const VALUE_TYPES = new Set([
  'string',
  'base64Binary',
  'code',
  'id',
  'markdown',
  'uri',
  'url',
  'canonical',
  'oid',
  'boolean',
  'integer',
  'decimal',
  'unsignedInt',
  'positiveInt',
  'date',
  'dateTime',
  'time',
  'instant',
]);
/** Types whose id, extensions and comments sit in `_name` (the `fhir` package's list, Element included). */
const UNDERSCORE_TYPES = new Set([
  'instant',
  'time',
  'date',
  'dateTime',
  'decimal',
  'boolean',
  'integer',
  'base64Binary',
  'string',
  'uri',
  'url',
  'unsignedInt',
  'positiveInt',
  'code',
  'id',
  'oid',
  'markdown',
  'canonical',
  'Element',
]);

type ReadAs = 'text' | 'decimal' | 'boolean' | 'integer' | 'xhtml' | 'resource' | 'inline' | 'type';

/** One element of a type, as the writer and reader treat it. */
interface Element {
  name: string;
  type: string;
  multiple: boolean;
  /** Id, extensions and comments are taken from `_name`, not from the value. */
  underscore: boolean;
  underscoreName: string;
  /** Written as an attribute of its parent (an element's id, an extension's url). */
  attribute: boolean;
  readAs: ReadAs;
  /** The elements of its type (complex types and backbone elements), compiled when first needed. */
  children?: Element[];
  raw: ParsedProperty;
}

const compiled = new WeakMap<ParsedProperty[], Map<string | undefined, Element[]>>();

/**
 * A type's elements in definition order (the order the writer writes them), for a parent written as
 * `parentType` (the `fhir` package's `parentPropertyType`: undefined at a resource's root).
 */
function compile(properties: ParsedProperty[], parentType: string | undefined): Element[] {
  let byParent = compiled.get(properties);
  if (!byParent) {
    byParent = new Map();
    compiled.set(properties, byParent);
  }
  let elements = byParent.get(parentType);
  if (elements) return elements;
  elements = properties
    .filter((property) => !property._name.startsWith('_'))
    .map((property) => ({
      name: property._name,
      type: property._type,
      multiple: !!property._multiple,
      underscore: UNDERSCORE_TYPES.has(property._type),
      underscoreName: `_${property._name}`,
      attribute: (property._name === 'id' && !!parentType) || (parentType === 'Extension' && property._name === 'url'),
      readAs: readAs(property._type),
      raw: property,
    }));
  byParent.set(parentType, elements);
  return elements;
}

function readAs(type: string): ReadAs {
  if (type === 'decimal' || type === 'boolean' || type === 'xhtml') return type;
  if (type === 'integer' || type === 'unsignedInt' || type === 'positiveInt') return 'integer';
  if (VALUE_TYPES.has(type)) return 'text';
  if (type === 'Resource') return 'resource';
  if (type === 'Element' || type === 'BackboneElement') return 'inline';
  return 'type';
}

/** The definition a complex element's type points at (`#Bundle.link` for a content reference). */
function definitionOf(type: string): { _properties?: ParsedProperty[] } | undefined {
  const definitions = stu3Definitions();
  if (!type.startsWith('#')) return definitions[type];
  let next: { _properties?: ParsedProperty[] } | undefined;
  type
    .substring(1)
    .split('.')
    .forEach((step, index) => {
      if (index === 0) next = definitions[step];
      else if (next) next = next._properties?.find((property) => property._name === step);
    });
  return next;
}

/** The elements of a complex element's value, as the writer and reader walk them; undefined if the type is unknown. */
function childrenOf(element: Element): Element[] | undefined {
  if (element.children) return element.children;
  if (element.readAs === 'inline') {
    element.children = compile(element.raw._properties ?? [], element.type);
    return element.children;
  }
  const definition = definitionOf(element.type);
  if (!definition) return undefined;
  // The writer walks `_properties` with for…of: a definition without them throws, as it did.
  if (!definition._properties) throw new TypeError(`${element.type} has no elements`);
  element.children = compile(definition._properties, element.type);
  return element.children;
}

let extensionElement: Element | undefined;
/** `extension` as the writer and reader handle it inside `_name`: Extension's own `extension` element. */
function primitiveExtensions(): Element {
  const extension = compile(stu3Definitions().Extension!._properties!, undefined);
  extensionElement ??= extension.find((element) => element.name === 'extension')!;
  return extensionElement;
}

// ---------------------------------------------------------------------------------------------------
// The writer (the `fhir` package's ConvertToXml), building element trees instead of text.

interface XmlElement {
  type: 'element';
  name: string;
  /** As the writer sets them: undefined and null values are not written. */
  attributes: Record<string, unknown>;
  elements: XmlNode[];
  /** A narrative div: its text as written, and what scanning and reading it found. */
  xhtml?: XhtmlDiv;
}
interface XmlComment {
  type: 'comment';
  comment: unknown;
}
type XmlNode = XmlElement | XmlComment;

interface XhtmlDiv {
  /** The scan failed inside the div (before it opened, if `opened` is false). */
  error?: string;
  opened: boolean;
  /** What the reader finds in it: the div read back, or nothing. */
  read?: string;
}

type Json = Record<string, unknown>;
const at = (value: unknown, key: string | number): unknown => (value as Json)[key as string];

function writeResource(resource: FhirResource): XmlElement {
  const definition = stu3Definitions()[resource.resourceType];
  if (!definition) throw new Error(`Unknown resource type: ${resource.resourceType}`);
  const root: XmlElement = { type: 'element', name: String(resource.resourceType), attributes: {}, elements: [] };
  for (const element of compile(definition._properties ?? [], undefined)) writeElement(root, resource, element);
  return root;
}

function escapeXml(value: string): string {
  if (!/[&<>\r\n]/.test(value)) return value;
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#xD;')
    .replace(/\n/g, '&#xA;');
}

/** The `fhir` package's propertyToXML: the element `element` of `holder`, as zero or more children of `parent`. */
function writeElement(parent: XmlElement, holder: unknown, element: Element): void {
  if (!holder) return;
  const value = at(holder, element.name);
  // Neither a value nor (for a primitive) `_name`: the writer writes nothing.
  if (value === undefined && !(element.underscore && at(holder, element.underscoreName))) return;
  let extra: unknown;
  if (element.multiple && value) {
    const count = (value as { length: number }).length;
    // The converter would walk it: beyond any JSON body the mock accepts (skeletonOf makes lengths 1).
    if (count > 1e6) throw new Error(`${element.name} has a length of ${count}`);
    for (let index = 0; index < count; index++) {
      const item = at(value, index);
      if (element.underscore) {
        const underscore = at(holder, element.underscoreName);
        if (underscore) extra = at(underscore, index);
      } else {
        extra = { fhir_comments: at(item, 'fhir_comments') };
      }
      writeValue(parent, element, item, extra);
    }
  } else {
    if (element.underscore) extra = at(holder, element.underscoreName);
    else if (value) extra = { fhir_comments: at(value, 'fhir_comments') };
    writeValue(parent, element, value, extra);
  }
}

/** The `fhir` package's pushProperty. */
function writeValue(parent: XmlElement, element: Element, value: unknown, extra: unknown): void {
  const node: XmlElement = { type: 'element', name: element.name, elements: [], attributes: {} };
  if (extra) {
    const id = at(extra, 'id');
    if (id) node.attributes.id = id;
    const comments = at(extra, 'fhir_comments') as Iterable<unknown> | undefined;
    if (comments) for (const comment of comments) parent.elements.push({ type: 'comment', comment });
    if (at(extra, 'extension')) writeElement(node, extra, primitiveExtensions());
  }
  switch (element.readAs) {
    case 'text':
    case 'decimal':
    case 'boolean':
    case 'integer':
      node.attributes.value = !value || typeof value !== 'string' ? value : escapeXml(value);
      break;
    case 'xhtml':
      if (element.name === 'div' && value) writeDiv(node, value);
      break;
    case 'resource':
      if (value) {
        const contained = writeResource(value as FhirResource);
        node.elements.push(contained);
      }
      break;
    default: {
      const children = childrenOf(element);
      if (children) for (const child of children) writeElement(node, value, child);
    }
  }
  let hasAttributes = false;
  for (const name in node.attributes) {
    const attribute = node.attributes[name];
    if (attribute || attribute === false || attribute === 0) hasAttributes = true;
  }
  if (element.attribute && Object.hasOwn(node.attributes, 'value')) {
    parent.attributes[element.name] = node.attributes.value;
  } else if (hasAttributes || node.elements.length > 0) parent.elements.push(node);
}

// xml-js and the XmlHelper the writer and reader use for a narrative div, from the `fhir` package's own folder.
const fhirRequire = createRequire(createRequire(import.meta.url).resolve('fhir'));
type XmlJsElement = { type: string; name?: string; attributes?: Record<string, string>; elements?: XmlJsElement[] };
const xmlJs = fhirRequire('xml-js') as { xml2js(text: unknown): XmlJsElement; js2xml(node: object): string };
const { XmlHelper } = fhirRequire('./xmlHelper.js') as { XmlHelper: { escapeInvalidCharacters<T>(node: T): T } };

/** A div as the writer writes it (its children and attributes become the element's), scanned and read back. */
function writeDiv(node: XmlElement, value: unknown): void {
  let parsed: XmlJsElement;
  try {
    parsed = XmlHelper.escapeInvalidCharacters(xmlJs.xml2js(value));
  } catch (error) {
    throw new Error(`The embedded xhtml is not properly formatted/escaped: ${(error as Error).message}`);
  }
  // As the writer: no elements at all (only blanks) throws.
  const elements = parsed.elements as XmlJsElement[];
  const div = elements.length === 1 && elements[0]!.name === 'div' ? elements[0]! : undefined;
  if (!div) return;
  div.attributes ??= {};
  div.attributes.xmlns = XHTML_NAMESPACE;
  node.attributes = div.attributes;
  node.elements = (div.elements ?? []) as unknown as XmlNode[];
  const written = { type: 'element', name: 'div', attributes: div.attributes, elements: div.elements };
  const text = xmlJs.js2xml({ elements: [written] });
  const outcome: XhtmlDiv = { opened: false };
  const parser = sax.parser(true, { xmlns: true });
  parser.onopentag = () => {
    outcome.opened = true;
  };
  parser.onerror = (error) => {
    outcome.error ??= error.message.split('\n')[0];
    throw error;
  };
  try {
    parser.write(text).close();
  } catch {
    // recorded above
  }
  if (outcome.error === undefined) {
    const read = xmlJs.xml2js(text).elements?.find((item) => item.type === 'element');
    if (read?.elements && read.elements.length > 0) {
      outcome.read = xmlJs.js2xml({ elements: [XmlHelper.escapeInvalidCharacters(read)] });
    }
  }
  node.xhtml = outcome;
}

// ---------------------------------------------------------------------------------------------------
// The strict scan (stu3-xml.ts scanXml) of the written tree: element paths counted as they close, when
// they have a value attribute or a counted child; a narrative div counted as it opens.

/** Attribute text as js2xml writes it (only `"` escaped): a `<` or a bare `&` breaks the XML. */
const BREAKS_ATTRIBUTE = /<|&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)/;

class ScanStop extends Error {}

interface Scan {
  census: Census;
  error?: string;
}

function scanTree(root: XmlElement): Scan {
  const scan: Scan = { census: new Set() };
  try {
    scanElement(scan, root, '', 1);
  } catch (stop) {
    if (!(stop instanceof ScanStop)) throw stop;
  }
  return scan;
}

function stopScan(scan: Scan, reason: string): never {
  scan.error = reason;
  throw new ScanStop(reason);
}

/** Whether the element is counted (a value attribute or a counted child); counts it when it closes. */
function scanElement(scan: Scan, node: XmlElement, path: string, depth: number): boolean {
  if (node.xhtml) {
    if (node.xhtml.opened) scan.census.add(path);
    if (node.xhtml.error !== undefined) stopScan(scan, node.xhtml.error);
    return true;
  }
  if (depth > MAX_XML_DEPTH) stopScan(scan, `elements nested deeper than ${MAX_XML_DEPTH} levels`);
  for (const name in node.attributes) {
    const value = node.attributes[name];
    if (value === undefined || value === null) continue;
    const text = typeof value === 'string' ? value : String(value);
    if ((text.includes('<') || text.includes('&')) && BREAKS_ATTRIBUTE.test(text)) {
      stopScan(scan, `attribute ${name} of ${path} is not well-formed`);
    }
  }
  let counted = node.attributes.value !== undefined && node.attributes.value !== null;
  for (const child of node.elements) {
    if (child.type === 'comment') {
      const text = String(child.comment);
      if (text.includes('--') || text.endsWith('-')) stopScan(scan, 'Malformed comment');
      continue;
    }
    if (scanElement(scan, child, path === '' ? child.name : `${path}.${child.name}`, depth + 1)) counted = true;
  }
  if (counted && depth > 1) scan.census.add(path);
  return counted;
}

// ---------------------------------------------------------------------------------------------------
// The reader (the `fhir` package's ConvertToJs) over the written tree, as it would see it parsed.

/** Attributes as a parser hands them over: only those written, as text; none at all is `undefined`. */
function parsedAttributes(node: XmlElement): Record<string, string> | undefined {
  let attributes: Record<string, string> | undefined;
  for (const name in node.attributes) {
    const value = node.attributes[name];
    if (value === undefined || value === null) continue;
    attributes ??= {};
    attributes[name] = String(value);
  }
  return attributes;
}

/** An element or attribute the reader found for an element of the definition. */
interface Found {
  attributes?: Record<string, string>;
  node?: XmlElement;
  /** Where the node is among its parent's children (-1 for an attribute). */
  position: number;
}

/** A parent's children by name, and its attributes, as the reader looks them up for each element. */
interface Parent {
  node: XmlElement;
  byName: Map<string, Found[]>;
  attributes?: Record<string, string>;
}

function parentOf(node: XmlElement): Parent {
  const byName = new Map<string, Found[]>();
  const children = node.elements;
  for (let position = 0; position < children.length; position++) {
    const child = children[position]!;
    if (child.type !== 'element') continue;
    const found: Found = { node: child, attributes: parsedAttributes(child), position };
    const list = byName.get(child.name);
    if (list) list.push(found);
    else byName.set(child.name, [found]);
  }
  return { node, byName, attributes: parsedAttributes(node) };
}

function readResource(node: XmlElement): FhirResource {
  const definition = stu3Definitions()[node.name];
  const resource: FhirResource = { resourceType: node.name };
  if (!definition) throw new Error(`Unknown resource type: ${node.name}`);
  if (!definition._properties) throw new TypeError(`Cannot read properties of undefined (reading 'forEach')`);
  readElements(parentOf(node), resource, compile(definition._properties, undefined));
  return resource;
}

function readElements(parent: Parent, holder: Json, elements: Element[]): void {
  if (parent.byName.size === 0 && !parent.attributes) return;
  for (const element of elements) readElement(parent, holder, element);
}

/** The `fhir` package's propertyToJS. */
function readElement(parent: Parent, holder: Json, element: Element): void {
  const name = element.name;
  let found = parent.byName.get(name);
  if (parent.attributes && Object.hasOwn(parent.attributes, name)) {
    found = [...(found ?? []), { attributes: { value: parent.attributes[name]! }, position: -1 }];
  }
  if (!found) return;
  if (element.multiple) holder[name] = [];
  for (let index = 0; index < found.length; index++) {
    const read = found[index]!;
    readValue(holder, element, read, index);
    if (read.position <= 0) continue;
    const siblings = parent.node.elements;
    let first = read.position;
    while (first > 0 && siblings[first - 1]!.type === 'comment') first--;
    if (first === read.position) continue;
    const comments = siblings.slice(first, read.position).map((comment) => String((comment as XmlComment).comment));
    // Comments go to `_name` for primitives and to the value itself otherwise (the reader's own rule).
    const key = element.underscore ? element.underscoreName : name;
    if (element.multiple) {
      if (!holder[key]) holder[key] = [];
      const list = holder[key] as Json[];
      if (!list[index]) list[index] = {};
      list[index]!.fhir_comments = comments;
    } else {
      if (!holder[key]) holder[key] = {};
      (holder[key] as Json).fhir_comments = comments;
    }
  }
}

function put(holder: Json, name: string, value: unknown): void {
  const current = holder[name];
  if (Array.isArray(current)) current.push(value);
  else holder[name] = value;
}

/** The `fhir` package's pushValue. */
function readValue(holder: Json, element: Element, read: Found, index: number): void {
  const text = read.attributes?.value;
  switch (element.readAs) {
    case 'text':
      addExtra(holder, element, read, index);
      if (text) put(holder, element.name, text);
      break;
    case 'decimal':
    case 'boolean':
      addExtra(holder, element, read, index);
      if (!read.attributes) throw new TypeError(`Cannot read properties of undefined (reading 'value')`);
      if (text) put(holder, element.name, element.readAs === 'decimal' ? decimalOf(text) : booleanOf(text));
      break;
    case 'integer':
      addExtra(holder, element, read, index);
      if (text) put(holder, element.name, integerOf(text));
      break;
    case 'xhtml':
      if (read.node?.xhtml?.read !== undefined) put(holder, element.name, read.node.xhtml.read);
      break;
    case 'resource': {
      const contained = read.node?.elements.find((child): child is XmlElement => child.type === 'element');
      if (contained) put(holder, element.name, readResource(contained));
      break;
    }
    default: {
      const children = childrenOf(element);
      if (!children) break;
      const value: Json = {};
      if (read.node) readElements(parentOf(read.node), value, children);
      put(holder, element.name, value);
    }
  }
}

/** The `fhir` package's addExtra: a primitive's id and extensions, into `_name`. */
function addExtra(holder: Json, element: Element, read: Found, index: number): void {
  const id = read.attributes?.id;
  const hasExtensions = !!read.node?.elements.some((child) => child.type === 'element' && child.name === 'extension');
  if (!id && !hasExtensions) return;
  const key = element.underscoreName;
  if (!holder[key]) holder[key] = Array.isArray(holder[element.name]) ? [] : {};
  const dest = holder[key] as Json | (Json | null)[];
  if (Array.isArray(dest)) {
    if (dest.length < index + 1) {
      for (let i = 0; i < index; i++) if (!dest[i]) dest[i] = null;
    }
    dest[index] = {};
  }
  const target = (Array.isArray(dest) ? dest[index] : dest) as Json;
  if (id) target.id = id;
  if (hasExtensions) readElement(parentOf(read.node!), target, primitiveExtensions());
}

function booleanOf(text: string): boolean {
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new Error(`Value should be a boolean but got: ${text}`);
}
function integerOf(text: string): number {
  if (!/^-?\d+$/.test(text)) throw new Error(`Value should be a number but got: ${text}`);
  return parseInt(text, 10);
}
function decimalOf(text: string): string {
  if (!/^-?([0]|([1-9][0-9]*))(\.[0-9]+)?$/.test(text)) {
    throw new Error(`Value should be a decimal number but got: ${text}`);
  }
  return text;
}

// ---------------------------------------------------------------------------------------------------
// The comparisons.

/** Whether a JSON value carries anything: a primitive, or an object or array with some content. */
function hasContent(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.some(hasContent);
  if (typeof value === 'object') {
    for (const key in value) if (Object.hasOwn(value, key) && hasContent((value as Json)[key])) return true;
    return false;
  }
  return true;
}

/** Element paths the JSON carries, counted as its XML form would carry them. */
function censusOfJson(value: unknown, path: string, parent: string, census: Census): void {
  if (Array.isArray(value)) {
    for (const item of value) censusOfJson(item, path, parent, census);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const isResource = typeof (value as FhirResource).resourceType === 'string';
  for (const [key, child] of Object.entries(value)) {
    if (key === 'resourceType' || key === 'fhir_comments' || !hasContent(child)) continue;
    // Attributes in XML, not elements: an element's id, an extension's url.
    if (key === 'id' && !isResource && path !== '') continue;
    if (key === 'url' && (parent === 'extension' || parent === 'modifierExtension')) continue;
    const name = key.startsWith('_') ? key.slice(1) : key;
    const childPath = path === '' ? name : `${path}.${name}`;
    census.add(childPath);
    if (name === 'div' && parent === 'text') continue;
    if (Array.isArray(child)) {
      for (const item of child) censusOfNested(item, childPath, name, census);
    } else censusOfNested(child, childPath, name, census);
  }
}

function censusOfNested(item: unknown, path: string, name: string, census: Census): void {
  const type = item !== null && typeof item === 'object' ? (item as FhirResource).resourceType : undefined;
  if (typeof type === 'string') censusOfJson(item, `${path}.${type}`, type, census);
  else censusOfJson(item, path, name, census);
}

const isObject = (value: unknown): value is object =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The first element whose shape differs between what was sent and what STU3 reads back: FHIR JSON has
 * arrays exactly where STU3 repeats an element, and objects exactly where it has a complex type.
 */
function firstShapeDifference(sent: unknown, read: unknown, path: string): string | undefined {
  if (Array.isArray(sent) !== Array.isArray(read) || isObject(sent) !== isObject(read)) return path;
  if (Array.isArray(sent)) {
    const readItems = read as unknown[];
    for (let index = 0; index < Math.min(sent.length, readItems.length); index++) {
      const difference = firstShapeDifference(sent[index], readItems[index], path);
      if (difference !== undefined) return difference;
    }
  } else if (isObject(sent) && isObject(read)) {
    for (const [key, child] of Object.entries(sent)) {
      if (!Object.hasOwn(read, key)) continue;
      const difference = firstShapeDifference(child, (read as Json)[key], path ? `${path}.${key}` : key);
      if (difference !== undefined) return difference;
    }
  }
  return undefined;
}
