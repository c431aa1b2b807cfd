// fast-check arbitraries for the fuzz run: whole HTTP requests for the in-process mock. Each starts
// from a valid request and breaks it: create bodies (JSON and XML mutated from valid pointers), the
// NRLS headers, the JWT, and query strings (with the odd request path). Sizes stay within the mock's
// limits mostly and go past them sometimes: bodies past the 1 MB limit, heads past Node's 16 KB.
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { DEFAULT_BODY_LIMIT_BYTES } from '../../mock-server/config.ts';
import type { ClientIdentity } from '../../src/domain/client-identity.ts';
import {
  ASID_SYSTEM,
  MASTER_IDENTIFIER_SYSTEM,
  ODS_CODE_SYSTEM,
  PATIENT_URL_PREFIX,
  REASON_DIRECT_CARE,
  SCOPE_READ,
  SCOPE_WRITE,
  SDS_ROLE_PROFILE_SYSTEM,
  SNOMED_SYSTEM,
  organisationUrl,
  patientUrl,
  token,
} from '../../src/domain/identifiers.ts';
import { base64url, nrlsClaims, type JwtClaims } from '../../src/domain/jwt.ts';
import { buildPointer } from '../../src/domain/pointer-builder.ts';
import type { Pointer } from '../../src/domain/pointer.ts';
import { resourceToXml, type FhirResource } from '../../src/domain/stu3-xml.ts';
import {
  CONSUMER,
  KNOWN_PATIENT,
  OTHER_PROVIDER,
  PROVIDER,
  SEEDED_PATIENT,
  SPINE_ASID,
  UNKNOWN_PATIENT,
  headersFor,
  testFixtures,
} from '../support/mock.ts';

/** One generated request. */
export interface FuzzRequest {
  /** Which generator made it and what it broke, for the figures and the counterexample. */
  label: string;
  method: string;
  /** Path and query string below the mock's root, as the client writes them. */
  target: string;
  /** In order; a name may appear more than once (a duplicated header). */
  headers: [string, string][];
  body?: Buffer;
  /** Set only when nothing was broken: the status the valid request must get. */
  expect?: number;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Step = string | number;
type Interaction = 'search' | 'create' | 'delete';
type Format = 'json' | 'xml';

const ACTOR: Record<Interaction, ClientIdentity> = { search: CONSUMER, create: PROVIDER, delete: PROVIDER };
const METHOD: Record<Interaction, string> = { search: 'GET', create: 'POST', delete: 'DELETE' };
const FHIR_TYPE: Record<Format, string> = { json: 'application/fhir+json', xml: 'application/fhir+xml' };
const SEEDED_IDS = testFixtures().pointers.map((pointer) => pointer.id);
const SEEDED_MASTER_IDS = testFixtures().pointers.map((pointer) => token(pointer.masterIdentifier!.system!, pointer.masterIdentifier!.value!));
const SUBJECT_QUERY = `subject=${encodeURIComponent(patientUrl(SEEDED_PATIENT))}`;

/** Counterexamples print as a short dump, not a megabyte of Buffer. */
function described(request: FuzzRequest): FuzzRequest {
  return Object.assign(request, { [fc.toStringMethod]: () => describeRequest(request) });
}

export function describeRequest(request: FuzzRequest): string {
  const cut = (text: string, max = 300) => (text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text);
  const lines = [`[${request.label}] ${request.method} ${cut(request.target)}`];
  for (const [name, value] of request.headers) lines.push(`  ${name}: ${cut(JSON.stringify(value))}`);
  if (request.body) lines.push(`  body (${request.body.length} bytes): ${cut(JSON.stringify(request.body.toString('latin1')), 600)}`);
  if (request.expect) lines.push(`  expected status ${request.expect}`);
  return lines.join('\n');
}

/** `arbitrary` in `weight` of `weight + nilWeight` cases, undefined otherwise. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>, weight: number, nilWeight: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight, arbitrary }, { weight: nilWeight, arbitrary: fc.constant(undefined) });
}

/** A position in something not yet built: a fraction, shrinking to the start. */
const position = fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 1_000_001);
const at = <T>(items: readonly T[], fraction: number): T | undefined => items[Math.floor(fraction * items.length)];

// ---------------------------------------------------------------------------------------------
// Hostile values

const controlChar = fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code));
const MARKUP = ['<', '&', '>', '"', "'", '<![CDATA[x]]>', ']]>', '&amp;', '&lt;', '&#0;', '&#x1F600;', '&lol;', '<!--', '-->',
  '</DocumentReference>', '<script>alert(1)</script>', '\\', '\\u0000', '${jndi:x}', '%00', '%ZZ', '{}', '[]', 'null'];
const LOOKALIKES = ['', ' ', '\t', 'current', 'Current', 'superseded', 'entered-in-error', 'replaces', '736253002', SNOMED_SYSTEM,
  patientUrl(SEEDED_PATIENT), patientUrl(UNKNOWN_PATIENT), patientUrl('1234567890'), `${PATIENT_URL_PREFIX}`, organisationUrl('MHT01'),
  organisationUrl('RR8'), organisationUrl('ZZZ99'), organisationUrl(''), 'https://directory.spineservices.nhs.uk/STU3/Organization/',
  MASTER_IDENTIFIER_SYSTEM, 'urn:uuid:', '2026-02-30T10:00:00+00:00', '2026-01-01', '2026-01-01T00:00:00Z', '2026-01-01T25:61:61+00:00',
  '9999-12-31T23:59:59.9999999+14:00', 'application/pdf', 'text', 'a/b/c', 'https://', 'http://x y', '0', '-1', 'true'];
const loneSurrogate = fc.constantFrom('\uD800', '\uDFFF', 'a\uDBFFb', '\uDC00\uD800');

/** Long strings: kilobytes usually, past the 1 MB body limit rarely. */
const longString = fc
  .oneof(
    { weight: 30, arbitrary: fc.record({ bytes: fc.integer({ min: 256, max: 65_536 }), unit: fc.constantFrom('a', 'é', '€', '😀', '<', '&', ' ', '\u0001') }) },
    { weight: 1, arbitrary: fc.record({ bytes: fc.integer({ min: 1_000_000, max: 1_150_000 }), unit: fc.constantFrom('a', 'é', '😀') }) },
  )
  .map(({ bytes, unit }) => unit.repeat(Math.max(1, Math.floor(bytes / Buffer.byteLength(unit)))));

const shortHostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: controlChar, minLength: 1, maxLength: 8 }) },
  { weight: 3, arbitrary: fc.constantFrom(...MARKUP) },
  { weight: 3, arbitrary: fc.constantFrom(...LOOKALIKES) },
  { weight: 1, arbitrary: loneSurrogate },
);

export const hostileString: fc.Arbitrary<string> = fc.oneof({ weight: 18, arbitrary: shortHostileString }, { weight: 1, arbitrary: longString });

const hostileNumber = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 1, -1, 1.5, 1e308, -1e308, 5e-324, 2 ** 53 + 2, 20260101),
);

function nested(depth: number, shape: 'object' | 'array'): Json {
  let value: Json = 1;
  for (let level = 0; level < depth; level++) value = shape === 'object' ? { a: value } : [value];
  return value;
}
/** Around MAX_XML_DEPTH (32) levels, on both sides. */
const deepJson = fc.record({ depth: fc.integer({ min: 2, max: 48 }), shape: fc.constantFrom('object' as const, 'array' as const) }).map(({ depth, shape }) => nested(depth, shape));

/**
 * Values the STU3 writer takes in bounded time: the XML generator writes its mutated tree with it, and
 * the writer walks a value given for a repeating element by its length.
 */
const boundedJson: fc.Arbitrary<Json> = fc.oneof(
  { weight: 8, arbitrary: shortHostileString },
  { weight: 2, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.constantFrom<Json>(null, true, false) },
  { weight: 1, arbitrary: fc.constantFrom<Json>({}, [], [null], [[]], { value: null }, [{}], { reference: null }) },
  { weight: 1, arbitrary: deepJson },
);

export const hostileJson: fc.Arbitrary<Json> = fc.oneof(
  { weight: 12, arbitrary: boundedJson },
  { weight: 1, arbitrary: longString },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> },
  // JavaScript's idea of a length, for a writer that loops to it
  { weight: 1, arbitrary: fc.constantFrom<Json>({ length: 1e12 }, { length: '2' }, { 0: 'a', length: 1 }) },
);

/**
 * Wide arrays: a few thousand elements usually, hundreds of thousands rarely (under 1 MB of JSON, but
 * every element is work for the STU3 converter). JSON only: the XML generator would have to write them.
 */
const wideArray: fc.Arbitrary<Json> = fc
  .record({
    length: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 100, max: 5000 }) }, { weight: 1, arbitrary: fc.integer({ min: 100_000, max: 300_000 }) }),
    item: fc.constantFrom<Json>({}, 0, null, [], '', { url: 'x' }),
  })
  .map(({ length, item }) => Array.from({ length }, () => item));

const hostileJsonOrWide: fc.Arbitrary<Json> = fc.oneof({ weight: 15, arbitrary: hostileJson }, { weight: 1, arbitrary: wideArray });

/** STU3 DocumentReference element names (and their datatypes' children), plus keys with meaning to JavaScript. */
const KNOWN_KEYS = ['id', 'meta', 'implicitRules', 'language', 'text', 'contained', 'extension', 'modifierExtension', 'masterIdentifier',
  'identifier', 'status', 'docStatus', 'type', 'class', 'subject', 'created', 'indexed', 'author', 'authenticator', 'custodian',
  'relatesTo', 'description', 'securityLabel', 'content', 'context', 'system', 'value', 'code', 'display', 'reference', 'coding',
  'attachment', 'url', 'contentType', 'title', 'creation', 'target', 'versionId', 'profile', 'version', 'format', 'data', 'size',
  '_status', '_description', '_id', 'fhir_comments', 'resourceType'];
const ODD_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', ' ', 'status ', 'Status', 'foo', '$ref',
  'a.b', 'a/b', '<x>', '\u0000', '0', '-1', 'div'];
export const elementKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...KNOWN_KEYS) },
  { weight: 2, arbitrary: fc.constantFrom(...ODD_KEYS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }) },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 20_000 }).map((n) => 'k'.repeat(n)) },
);

// ---------------------------------------------------------------------------------------------
// Valid pointers and their mutation as a tree

const patient = fc.oneof(
  { weight: 3, arbitrary: fc.constant(SEEDED_PATIENT) },
  { weight: 3, arbitrary: fc.constant(KNOWN_PATIENT) },
  { weight: 1, arbitrary: fc.constant(UNKNOWN_PATIENT) },
  { weight: 1, arbitrary: fc.stringMatching(/^[0-9]{10}$/) },
);

/** A valid pointer for the acting provider, fixed by the generated values (no clock or random ids in play). */
export const validPointer: fc.Arbitrary<Pointer> = fc
  .record({
    nhsNumber: patient,
    master: fc.noBias(fc.uuid()),
    attachment: fc.noBias(fc.uuid()),
    supersedes: fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(...SEEDED_MASTER_IDS) }),
    author: fc.constantFrom('RGD', 'MHT01', 'RR8', 'AMS01'),
  })
  .map(({ nhsNumber, master, attachment, supersedes, author }) => {
    const replaces = supersedes === undefined ? undefined : { system: supersedes.split('|')[0], value: supersedes.slice(supersedes.indexOf('|') + 1) };
    const pointer = buildPointer({ nhsNumber, custodian: PROVIDER.ods, author, masterIdentifier: { system: MASTER_IDENTIFIER_SYSTEM, value: `urn:uuid:${master}` }, replaces });
    const time = '2026-11-23T10:00:00+00:00';
    Object.assign(pointer, { created: time, indexed: time });
    pointer.content![0]!.attachment = { ...pointer.content![0]!.attachment, url: `https://provider.example.nhs.uk/crisis-plans/${attachment}.pdf`, creation: time };
    return pointer;
  });

type TreeMutation =
  | { kind: 'delete'; at: number }
  | { kind: 'replace'; at: number; value: Json }
  | { kind: 'inject'; at: number; key: string; value: Json }
  | { kind: 'wrap'; at: number }
  | { kind: 'unwrap'; at: number }
  | { kind: 'duplicate-item'; at: number };

const treeMutation = (values: fc.Arbitrary<Json>): fc.Arbitrary<TreeMutation> => fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: position }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('replace' as const), at: position, value: values }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('inject' as const), at: position, key: elementKey, value: values }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wrap' as const), at: position }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unwrap' as const), at: position }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate-item' as const), at: position }) },
);

/** Every node below the root, as a path of keys and indexes. */
function nodePaths(root: Json): Step[][] {
  const paths: Step[][] = [];
  const walk = (node: Json, path: Step[]) => {
    if (node === null || typeof node !== 'object') return;
    const entries: [Step, Json][] = Array.isArray(node) ? node.map((value, index) => [index, value]) : Object.entries(node);
    for (const [step, child] of entries) {
      paths.push([...path, step]);
      walk(child, [...path, step]);
    }
  };
  walk(root, []);
  return paths;
}

function nodeAt(root: Json, path: Step[]): Json {
  let node: Json = root;
  for (const step of path) node = (node as Record<Step, Json>)[step]!;
  return node;
}

/** Sets an own property, even `__proto__`. Generated values can be shared (constants), so they go in as copies. */
function setOwn(container: Json, step: Step, value: Json): void {
  if (Array.isArray(container)) container[step as number] = value;
  else Object.defineProperty(container, step, { value, enumerable: true, writable: true, configurable: true });
}

function applyTreeMutation(root: Json, mutation: TreeMutation): string {
  const paths = nodePaths(root);
  if (mutation.kind === 'inject') {
    const objects = [[], ...paths].filter((path) => {
      const node = nodeAt(root, path);
      return node !== null && typeof node === 'object' && !Array.isArray(node);
    });
    const path = at(objects, mutation.at) ?? [];
    setOwn(nodeAt(root, path), mutation.key, structuredClone(mutation.value));
    return `inject ${[...path, mutation.key.slice(0, 20)].join('.')}`;
  }
  const candidates = mutation.kind === 'duplicate-item' || mutation.kind === 'unwrap' ? paths.filter((path) => Array.isArray(nodeAt(root, path))) : paths;
  const path = at(candidates, mutation.at);
  if (!path) return `${mutation.kind} (nothing)`;
  const parent = nodeAt(root, path.slice(0, -1));
  const step = path[path.length - 1]!;
  const node = nodeAt(root, path);
  switch (mutation.kind) {
    case 'delete':
      if (Array.isArray(parent)) parent.splice(step as number, 1);
      else delete (parent as Record<string, Json>)[step];
      break;
    case 'replace':
      setOwn(parent, step, structuredClone(mutation.value));
      break;
    case 'wrap':
      setOwn(parent, step, [node]);
      break;
    case 'unwrap':
      setOwn(parent, step, (node as Json[])[0] ?? null);
      break;
    case 'duplicate-item':
      (node as Json[]).push(structuredClone((node as Json[])[0] ?? null));
      break;
  }
  return `${mutation.kind} ${path.join('.')}`;
}

// ---------------------------------------------------------------------------------------------
// Text and byte mutations

/** Raw JSON tokens JSON.stringify never writes. */
const JSON_JUNK = ['1e999', '-', '01', 'NaN', 'Infinity', 'undefined', "'x'", '"\\u12"', '"\\uD800"', '"\\x41"', '[1,]', '{"a":1,}',
  '/* c */', '"a\nb"', '"\t"', ',', ':', '}', ']', '{', '[', '""', '"\\"', 'true false', '\u00a0', '\u2028'];

type TextMutation = { kind: 'insert-member'; at: number; key: string; value: string } | { kind: 'insert-token'; at: number; text: string };

const jsonTextMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('insert-member' as const),
      at: position,
      key: elementKey,
      value: fc.oneof(hostileJson.map((value) => JSON.stringify(value)), fc.constantFrom(...JSON_JUNK)),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('insert-token' as const), at: position, text: fc.constantFrom(...JSON_JUNK) }) },
);

/** Duplicated keys and raw tokens go in as text: a JS object cannot hold them. */
function applyJsonTextMutation(text: string, mutation: TextMutation): { text: string; label: string } {
  if (mutation.kind === 'insert-token') {
    const index = Math.floor(mutation.at * (text.length + 1));
    return { text: text.slice(0, index) + mutation.text + text.slice(index), label: 'insert-token' };
  }
  const braces = [...text.matchAll(/\{/g)].map((match) => match.index);
  const index = (at(braces, mutation.at) ?? 0) + 1;
  return { text: `${text.slice(0, index)}${JSON.stringify(mutation.key)}:${mutation.value},${text.slice(index)}`, label: `insert-member ${mutation.key.slice(0, 20)}` };
}

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

const xmlName = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...KNOWN_KEYS.filter((key) => /^[A-Za-z]/.test(key))) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9._-]{0,15}$/) },
  { weight: 1, arbitrary: fc.constantFrom('x:status', 'xml', 'DocumentReference', 'Bundle', 'div', 'a') },
);

const XML_SNIPPETS = ['<foo value="bar"/>', '<status value="current"/>', '<status>current</status>', '<status value="current" extra="1"/>',
  '<description value="x"/>', '<id value="x"/>', '<extension url="http://x"><valueString value="y"/></extension>',
  '<text><status value="generated"/><div xmlns="http://www.w3.org/1999/xhtml"><p>hi</p></div></text>', '<div xmlns="http://www.w3.org/1999/xhtml"/>',
  '<!-- comment -->', '<?pi x?>', '<![CDATA[<x>]]>', 'text', '&amp;', '&#0;', '&#x1F600;', '&lol;', '&', '<', '<x:y xmlns:x="urn:x"/>',
  '<status value=current/>', "<status value='current'/>", '<status value="a" value="b"/>', '<status/>', '<status value=""/>', '</status>',
  '<content/>', '<coding><system value="x"/></coding>', '<relatesTo><code value="replaces"/></relatesTo>', '<contained><Patient/></contained>'];
const XML_PROLOGS = ['', '<?xml version="1.1"?>', '<?xml version="1.0" encoding="UTF-16"?>', '<?xml version="1.0" encoding="ISO-8859-1"?>',
  '<?xml version="1.0" standalone="no"?>', '<!DOCTYPE DocumentReference>', '<!DOCTYPE d [<!ENTITY lol "lol">]>',
  '<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', '<!-- c -->', ' \n', '\uFEFF', '<?xml version="1.0"?><?xml version="1.0"?>'];
const XML_EPILOGS = ['<DocumentReference xmlns="http://hl7.org/fhir"/>', 'trailing text', '<!-- c -->', '<?pi?>', '\n\n', '<', ']]>', '&amp;'];
const NAMESPACES = ['', 'http://hl7.org/fhir/STU3', 'http://hl7.org/FHIR', 'urn:x', 'http://www.w3.org/1999/xhtml', 'http://hl7.org/fhir '];
const ROOT_NAMES = ['OperationOutcome', 'Bundle', 'Patient', 'documentreference', 'DocumentReference2', 'f:DocumentReference', 'x'];

type XmlMutation =
  | { kind: 'duplicate-element' | 'delete-element' | 'unclose'; at: number }
  | { kind: 'set-value'; at: number; value: string; escape: boolean }
  | { kind: 'inject'; at: number; snippet: string }
  | { kind: 'attribute'; at: number; name: string; value: string }
  | { kind: 'namespace'; namespace: string }
  | { kind: 'rename-root'; name: string }
  | { kind: 'prolog' | 'epilog'; text: string };

const xmlSnippet = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...XML_SNIPPETS) },
  { weight: 3, arbitrary: fc.record({ name: xmlName, value: shortHostileString }).map(({ name, value }) => `<${name} value="${escapeAttribute(value)}"/>`) },
  { weight: 1, arbitrary: fc.integer({ min: 2, max: 48 }).map((depth) => `${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`) },
  { weight: 1, arbitrary: longString.map((value) => `<description value="${escapeAttribute(value)}"/>`) },
);

const xmlMutation: fc.Arbitrary<XmlMutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('duplicate-element' as const, 'delete-element' as const, 'unclose' as const), at: position }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('set-value' as const), at: position, value: hostileString, escape: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('inject' as const), at: position, snippet: xmlSnippet }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('attribute' as const), at: position, name: fc.constantFrom('id', 'value', 'xmlns', 'xml:lang', 'extra', 'url', 'xmlns:x'), value: shortHostileString }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('namespace' as const), namespace: fc.constantFrom(...NAMESPACES) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rename-root' as const), name: fc.constantFrom(...ROOT_NAMES) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('prolog' as const, 'epilog' as const), text: fc.oneof(fc.constantFrom(...XML_PROLOGS, ...XML_EPILOGS), shortHostileString) }) },
);

function applyXmlMutation(xml: string, mutation: XmlMutation): { text: string; label: string } {
  const splice = (start: number, end: number, insert: string) => xml.slice(0, start) + insert + xml.slice(end);
  switch (mutation.kind) {
    case 'duplicate-element':
    case 'delete-element': {
      const leaf = at([...xml.matchAll(/<([A-Za-z][\w:.-]*)\b[^<>]*\/>/g)], mutation.at);
      if (!leaf) return { text: xml, label: `${mutation.kind} (nothing)` };
      const end = leaf.index + leaf[0].length;
      return { text: splice(leaf.index, end, mutation.kind === 'delete-element' ? '' : leaf[0] + leaf[0]), label: `${mutation.kind} ${leaf[1]}` };
    }
    case 'unclose': {
      const close = at([...xml.matchAll(/<\/[^>]+>/g)], mutation.at);
      return close ? { text: splice(close.index, close.index + close[0].length, ''), label: `unclose ${close[0]}` } : { text: xml, label: 'unclose (nothing)' };
    }
    case 'set-value': {
      const value = at([...xml.matchAll(/value="[^"]*"/g)], mutation.at);
      if (!value) return { text: xml, label: 'set-value (nothing)' };
      const written = mutation.escape ? escapeAttribute(mutation.value) : mutation.value;
      return { text: splice(value.index, value.index + value[0].length, `value="${written}"`), label: `set-value${mutation.escape ? '' : ' unescaped'}` };
    }
    case 'inject': {
      const ends = [...xml.matchAll(/>/g)].map((match) => match.index + 1);
      const index = at(ends, mutation.at) ?? xml.length;
      return { text: splice(index, index, mutation.snippet), label: `inject ${mutation.snippet.slice(0, 24)}` };
    }
    case 'attribute': {
      const open = at([...xml.matchAll(/<[A-Za-z][\w:.-]*/g)], mutation.at);
      if (!open) return { text: xml, label: 'attribute (nothing)' };
      const index = open.index + open[0].length;
      return { text: splice(index, index, ` ${mutation.name}="${escapeAttribute(mutation.value)}"`), label: `attribute ${mutation.name}` };
    }
    case 'namespace':
      return { text: xml.replace('xmlns="http://hl7.org/fhir"', mutation.namespace === '' ? '' : `xmlns="${mutation.namespace}"`), label: 'namespace' };
    case 'rename-root':
      return { text: xml.replace(/<DocumentReference\b/, `<${mutation.name}`).replace(/<\/DocumentReference>$/, `</${mutation.name}>`), label: `rename-root ${mutation.name}` };
    case 'prolog':
      return { text: mutation.text + xml.replace(/^<\?xml[^>]*\?>/, ''), label: 'prolog' };
    case 'epilog':
      return { text: xml + mutation.text, label: 'epilog' };
  }
}

type ByteMutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'insert'; at: number; bytes: readonly number[] }
  | { kind: 'bom' | 'utf16' }
  | { kind: 'replace-all'; bytes: readonly number[] };

const INVALID_UTF8 = [[0xff], [0xfe], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0x00], [0xf4, 0x90, 0x80, 0x80], [0x80]];
const someBytes = fc.oneof(fc.constantFrom(...INVALID_UTF8), fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }));

const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: position }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('flip' as const), at: position, bit: fc.integer({ min: 0, max: 7 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: position, bytes: someBytes }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('bom' as const, 'utf16' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('replace-all' as const),
      bytes: fc.oneof(fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 64 }), fc.constantFrom([], [0x20], [0x0a, 0x09], [0x7b, 0x7d], [0x3c, 0x3e])),
    }),
  },
);

function applyByteMutation(body: Buffer, mutation: ByteMutation): Buffer {
  const index = (fraction: number, extra = 0) => Math.floor(fraction * (body.length + extra));
  switch (mutation.kind) {
    case 'truncate':
      return body.subarray(0, index(mutation.at));
    case 'flip': {
      if (body.length === 0) return body;
      const copy = Buffer.from(body);
      copy[index(mutation.at)]! ^= 1 << mutation.bit;
      return copy;
    }
    case 'insert': {
      const i = index(mutation.at, 1);
      return Buffer.concat([body.subarray(0, i), Buffer.from(mutation.bytes), body.subarray(i)]);
    }
    case 'bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]);
    case 'utf16':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body.toString('utf8'), 'utf16le')]);
    case 'replace-all':
      return Buffer.from(mutation.bytes);
  }
}

/** Padding to a size around the body limit: exactly at it, just past it, or a little either side. */
const sizeProbe = fc.oneof(fc.integer({ min: -2, max: 2 }), fc.integer({ min: -4096, max: 4096 })).map((delta) => DEFAULT_BODY_LIMIT_BYTES + delta);

function padTo(body: Buffer, size: number): Buffer {
  return body.length >= size ? body : Buffer.concat([body, Buffer.alloc(size - body.length, 0x20)]);
}

// ---------------------------------------------------------------------------------------------
// Headers

/** Header values Node's client may send: Latin-1, so other text goes as its UTF-8 bytes. */
const asLatin1 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
const headerSafe = (text: string) => asLatin1(text).replace(/[^\t\x20-\x7e\x80-\xff]/g, '');
/** encodeURIComponent, with lone surrogates sent as U+FFFD as a UTF-8 client would. */
const percentEncode = (text: string) => encodeURIComponent(Buffer.from(text, 'utf8').toString('utf8'));

const CONTENT_TYPES = ['application/fhir+json', 'application/fhir+xml', 'application/json+fhir', 'application/xml+fhir', 'application/json',
  'application/xml', 'text/json', 'text/xml', 'text/plain', 'text/html', 'application/octet-stream', 'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded', 'APPLICATION/FHIR+JSON', 'application/fhir+json; charset=utf-8', 'application/fhir+xml;charset=ISO-8859-1',
  'application/fhir+json;;;', ';', '', '*/*', 'application/fhir+json, application/fhir+xml', 'application/fhir+json; fhirVersion=4.0'];
const ACCEPTS = ['application/fhir+json', 'application/fhir+xml', 'application/json', 'application/xml', 'text/json', 'text/xml', '*/*',
  'application/*', 'text/html', 'application/fhir+json;q=0', 'application/fhir+xml;q=0.1, application/fhir+json;q=0.9',
  'application/fhir+json;q=abc', 'application/fhir+json;q=-1', 'application/fhir+json;q=1e400', 'application/fhir+xml;q=NaN',
  ',,,', ';q=1', 'application/fhir+json;charset=utf-16', 'APPLICATION/FHIR+JSON', 'application/xml+fhir, application/json+fhir', ''];
const FORMAT_VALUES = ['json', 'xml', 'JSON', ' xml ', 'application/fhir+json', 'application/fhir+xml', 'application/json+fhir',
  'application/xml', 'text/json', 'text/xml', 'text/html', 'html', 'ttl', 'application/fhir+turtle', '', '*/*', 'json;q=1', 'xml,json',
  'application/fhir+json;charset=utf-8', '%ZZ'];

export const contentTypeFor = (format: Format): fc.Arbitrary<string | undefined> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constant(FHIR_TYPE[format]) },
    { weight: 4, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 2, arbitrary: fc.constant(undefined) },
  );

const acceptValue: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(FHIR_TYPE.json, FHIR_TYPE.xml) },
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.constantFrom(...ACCEPTS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.integer({ min: 2, max: 400 }).map((n) => Array.from({ length: n }, (_, i) => `application/x-${i};q=0.${i % 10}`).join(', ')) },
);

type HeaderMutation =
  | { kind: 'remove' | 'empty' | 'duplicate-same' | 'case' }
  | { kind: 'replace'; value: string }
  | { kind: 'duplicate'; value: string }
  | { kind: 'long'; length: number }
  | { kind: 'edit'; at: number; insert: string; remove: number }
  | { kind: 'pad'; before: string; after: string };

/** Well past Node's 16 KB head limit (431) now and then; kilobytes otherwise. */
const headerLength = fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 256, max: 9000 }) }, { weight: 1, arbitrary: fc.integer({ min: 16_500, max: 24_000 }) });

const headerText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 16 }).map(asLatin1) },
  { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 0x80, max: 0xff }).map((code) => String.fromCharCode(code)), maxLength: 16 }) },
  { weight: 2, arbitrary: fc.constantFrom('0', '-1', ' ', '\t', 'null', 'undefined', '999999999999', '200000000115', '200000000118', '200000000119', SPINE_ASID, `${SPINE_ASID}, ${SPINE_ASID}`, 'Bearer', 'bearer x.y.z') },
  { weight: 1, arbitrary: shortHostileString.map(headerSafe) },
);

const headerMutation: fc.Arbitrary<HeaderMutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('remove' as const, 'empty' as const, 'duplicate-same' as const, 'case' as const) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('replace' as const), value: headerText }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), value: headerText }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('long' as const), length: headerLength }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('edit' as const), at: position, insert: fc.oneof(fc.constant(''), headerText), remove: fc.integer({ min: 0, max: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('pad' as const), before: fc.constantFrom('', ' ', '\t', '  '), after: fc.constantFrom('', ' ', '\t', ',', ';') }) },
);

/** The header lines a mutation of one header leaves. */
function mutateHeader(name: string, value: string, mutation: HeaderMutation): [string, string][] {
  switch (mutation.kind) {
    case 'remove':
      return [];
    case 'empty':
      return [[name, '']];
    case 'duplicate-same':
      return [[name, value], [name, value]];
    case 'case':
      return [[name.toUpperCase(), value]];
    case 'replace':
      return [[name, mutation.value]];
    case 'duplicate':
      return [[name, value], [name, mutation.value]];
    case 'long':
      return [[name, (value + 'x'.repeat(mutation.length)).slice(0, mutation.length)]];
    case 'edit': {
      const index = Math.floor(mutation.at * (value.length + 1));
      return [[name, value.slice(0, index) + mutation.insert + value.slice(index + mutation.remove)]];
    }
    case 'pad':
      return [[name, `${mutation.before}${value}${mutation.after}`]];
  }
}

const EXTRA_HEADER_NAMES = ['X-Forwarded-For', 'X-Forwarded-Host', 'Ssp-TraceID', 'Ssp-From', 'Ssp-To', 'Ssp-InteractionID', 'Prefer',
  'If-Match', 'If-None-Match', 'Cookie', 'Accept-Charset', 'Accept-Language', 'Origin', 'Range', 'Cache-Control', 'X-HTTP-Method-Override',
  'fromasid', 'TOASID', 'from-asid', 'fromASID ', 'Authorisation', 'X-Request-ID'];
/** Headers that change the framing of the exchange, which this fuzzing leaves to Node. */
const FRAMING = new Set(['content-length', 'transfer-encoding', 'host', 'connection', 'expect', 'upgrade', 'te', 'trailer', 'keep-alive']);
const extraHeader = fc.tuple(
  fc
    .oneof(fc.constantFrom(...EXTRA_HEADER_NAMES.filter((name) => /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))), fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,30}$/))
    .filter((name) => !FRAMING.has(name.toLowerCase())),
  headerText,
);
const HOSTS = ['evil.example', 'nrls.example:443', 'a b', '[::1]:80', 'example.com:99999', `${'h'.repeat(300)}.example`, 'ex\u00e9.com', '../../etc', 'localhost:0'];

// ---------------------------------------------------------------------------------------------
// Requests: a valid one per interaction, then the families

function validRequest(interaction: Interaction, pointer?: Pointer, actor: ClientIdentity = ACTOR[interaction]): FuzzRequest {
  const headers = Object.entries(headersFor(actor, interaction === 'search' ? 'read' : 'write')) as [string, string][];
  switch (interaction) {
    case 'search':
      return { label: 'search', method: 'GET', target: `/DocumentReference?${SUBJECT_QUERY}`, headers: [...headers, ['Accept', FHIR_TYPE.json]], expect: 200 };
    case 'create':
      return {
        label: 'create',
        method: 'POST',
        target: '/DocumentReference',
        headers: [...headers, ['Accept', FHIR_TYPE.json], ['Content-Type', FHIR_TYPE.json]],
        body: Buffer.from(JSON.stringify(pointer ?? buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: PROVIDER.ods }))),
        expect: 201,
      };
    case 'delete':
      // A provider's delete of a pointer it cannot own: always a well-formed 404.
      return { label: 'delete', method: 'DELETE', target: `/DocumentReference?_id=${SEEDED_IDS[0]}-fuzz`, headers: [...headers, ['Accept', FHIR_TYPE.xml]], expect: 404 };
  }
}

const interaction = fc.constantFrom<Interaction>('search', 'create', 'delete');
/** Valid pointers for patients who stay known, so a valid create always gets 201. */
const acceptedPointer = validPointer.map((pointer) => ({ ...pointer, subject: { reference: patientUrl(KNOWN_PATIENT) }, relatesTo: undefined }));

/** (a) Create bodies: a valid pointer, mutated as a tree, as text and as bytes, under a random Content-Type. */
export function bodyRequest(format: Format): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      pointer: validPointer,
      tree: fc.array(treeMutation(format === 'json' ? hostileJsonOrWide : boundedJson), { maxLength: 3 }),
      text: sometimes(fc.array<TextMutation | XmlMutation>(format === 'json' ? jsonTextMutation : xmlMutation, { minLength: 1, maxLength: 3 }), 2, 3),
      bytes: sometimes(fc.array(byteMutation, { minLength: 1, maxLength: 3 }), 1, 5),
      size: sometimes(sizeProbe, 1, 19),
      contentType: contentTypeFor(format),
      accept: acceptValue,
      formatParameter: sometimes(fc.constantFrom(...FORMAT_VALUES), 1, 8),
    })
    .map(({ pointer, tree, text, bytes, size, contentType, accept, formatParameter }) => {
      const labels: string[] = [];
      const resource = structuredClone(pointer) as unknown as Json;
      for (const mutation of tree) labels.push(applyTreeMutation(resource, mutation));
      let written: string;
      if (format === 'json') {
        written = JSON.stringify(resource);
        for (const mutation of (text ?? []) as TextMutation[]) {
          const applied = applyJsonTextMutation(written, mutation);
          written = applied.text;
          labels.push(applied.label);
        }
      } else {
        let xml: unknown;
        try {
          xml = resourceToXml(resource as FhirResource);
        } catch {
          // The writer cannot take every tree; the text mutations below still apply.
        }
        if (typeof xml !== 'string') labels.push('(tree not writable as XML)');
        written = typeof xml === 'string' ? xml : resourceToXml(pointer as FhirResource);
        for (const mutation of (text ?? []) as XmlMutation[]) {
          const applied = applyXmlMutation(written, mutation);
          written = applied.text;
          labels.push(applied.label);
        }
      }
      let body: Buffer = Buffer.from(written, 'utf8');
      for (const mutation of bytes ?? []) {
        body = applyByteMutation(body, mutation);
        labels.push(`bytes ${mutation.kind}`);
      }
      if (size !== undefined) {
        body = padTo(body, size);
        labels.push(`padded to ${size}`);
      }
      const headers = Object.entries(headersFor(PROVIDER, 'write')) as [string, string][];
      if (contentType !== undefined) headers.push(['Content-Type', headerSafe(contentType)]);
      if (accept !== undefined) headers.push(['Accept', headerSafe(accept)]);
      if (contentType !== FHIR_TYPE[format]) labels.push(`Content-Type ${contentType === undefined ? '(none)' : JSON.stringify(contentType.slice(0, 40))}`);
      const target = formatParameter === undefined ? '/DocumentReference' : `/DocumentReference?_format=${percentEncode(formatParameter)}`;
      return described({ label: `${format} body: ${labels.join('; ') || 'unchanged'}`, method: 'POST', target, headers, body });
    });
}

const NRLS_HEADERS = ['fromASID', 'toASID', 'Accept', 'Content-Type', 'Authorization'] as const;

/** (b) Headers: a valid search, create or delete with fromASID, toASID, Accept, Content-Type and Authorization broken. */
export const headerRequest: fc.Arbitrary<FuzzRequest> = fc
  .record({
    interaction,
    pointer: acceptedPointer,
    mutations: fc.record(Object.fromEntries(NRLS_HEADERS.map((name) => [name, sometimes(headerMutation, 2, 3)])) as Record<(typeof NRLS_HEADERS)[number], fc.Arbitrary<HeaderMutation | undefined>>),
    accept: sometimes(acceptValue, 1, 2),
    extra: fc.array(extraHeader, { maxLength: 3 }),
    host: sometimes(fc.constantFrom(...HOSTS), 1, 12),
    order: fc.boolean(),
    actor: sometimes(fc.constantFrom(CONSUMER, OTHER_PROVIDER), 1, 6),
  })
  .map(({ interaction, pointer, mutations, accept, extra, host, order, actor }) => {
    const valid = validRequest(interaction, pointer, actor);
    const current = new Map<string, string>(valid.headers.map(([name, value]) => [name.toLowerCase(), value]));
    if (accept !== undefined) current.set('accept', headerSafe(accept));
    const headers: [string, string][] = [];
    const labels: string[] = [];
    for (const name of NRLS_HEADERS) {
      const value = current.get(name.toLowerCase());
      const mutation = mutations[name];
      if (mutation === undefined || value === undefined) {
        if (value !== undefined) headers.push([name, value]);
        continue;
      }
      headers.push(...mutateHeader(name, value, mutation));
      labels.push(`${name} ${mutation.kind}`);
    }
    for (const [name, value] of extra) headers.push([name, value]);
    if (extra.length > 0) labels.push(`${extra.length} extra`);
    if (host !== undefined) {
      headers.push(['Host', host]);
      labels.push('Host');
    }
    if (accept !== undefined) labels.push('Accept varied');
    if (actor !== undefined) labels.push(`as ${actor.ods}`);
    if (order) headers.reverse();
    return described({ ...valid, headers, label: `${interaction} headers: ${labels.join('; ') || 'unchanged'}`, expect: labels.length === 0 ? valid.expect : undefined });
  });

// (c) JWTs

const ALG_HEADERS: Json[] = [{ alg: 'none', typ: 'JWT' }, { alg: 'none' }, { alg: 'None' }, { alg: 'HS256', typ: 'JWT' }, { alg: 'RS512' }, { alg: '' },
  { alg: null }, { alg: 123 }, { alg: ['none'] }, {}, { typ: 'JWT' }, { alg: 'none', crit: ['exp'] }, { alg: 'none', kid: '../../dev/null' },
  { alg: 'none', jku: 'http://evil.example/jwks' }, [], 'none', 42, null, { alg: 'none', typ: 'JWT', alg2: 'x'.repeat(5000) }];

const CLAIM_NAMES = ['iss', 'sub', 'aud', 'exp', 'iat', 'reason_for_request', 'scope', 'requesting_system', 'requesting_organization', 'requesting_user'];

const claimValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: hostileJson },
  {
    weight: 4,
    arbitrary: fc.constantFrom<Json>(SCOPE_READ, SCOPE_WRITE, REASON_DIRECT_CARE, 'DirectCare', token(ASID_SYSTEM, CONSUMER.asid), token(ASID_SYSTEM, PROVIDER.asid),
      token(ASID_SYSTEM, OTHER_PROVIDER.asid), token(ASID_SYSTEM, '000000000000'), `${ASID_SYSTEM}/${PROVIDER.asid}`, token(ASID_SYSTEM, ''), `${ASID_SYSTEM}|`,
      token(ODS_CODE_SYSTEM, 'MHT01'), token(ODS_CODE_SYSTEM, 'AMS01'), token(ODS_CODE_SYSTEM, 'RR8'), token(ODS_CODE_SYSTEM, 'ZZZ99'), `${ODS_CODE_SYSTEM}/MHT01`,
      token(SDS_ROLE_PROFILE_SYSTEM, '555021935107'), '|', '||', '|x', 'x|', 0, -1, 1.5, 2 ** 31, 2 ** 53, 1e21, -1e21, '1700000000', 1700000000, 9999999999),
  },
);

type ClaimMutation = { kind: 'delete'; claim: string } | { kind: 'set'; claim: string; value: Json };
const claimMutation: fc.Arbitrary<ClaimMutation> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), claim: fc.constantFrom(...CLAIM_NAMES) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('set' as const), claim: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...CLAIM_NAMES) }, { weight: 1, arbitrary: elementKey }), value: claimValue }) },
);

type Section = { kind: 'json'; value: Json } | { kind: 'raw'; text: string };
const brokenSection: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', '=', 'e30=', 'eyJ', 'e30', 'bnVsbA', 'W10', 'MQ', 'IiI', '!!!', 'a+b/c=', 'a b', 'ÿþ', '%41', 'a.b'),
  fc.string({ maxLength: 24 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }).map(asLatin1),
  fc.integer({ min: 1000, max: 12_000 }).map((n) => 'A'.repeat(n)),
);
const signature = fc.oneof({ weight: 6, arbitrary: fc.constant('') }, { weight: 2, arbitrary: fc.base64String({ maxLength: 64 }).map((text) => text.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')) }, { weight: 1, arbitrary: brokenSection });

type Structure = 'three' | 'two' | 'four' | 'one' | 'empty-sections' | 'standard-base64' | 'padded' | 'whitespace' | 'truncated';
const structure = fc.oneof(
  { weight: 12, arbitrary: fc.constant<Structure>('three') },
  { weight: 1, arbitrary: fc.constantFrom<Structure>('two', 'four', 'one', 'empty-sections', 'standard-base64', 'padded', 'whitespace', 'truncated') },
);
const SCHEMES = ['Bearer ', 'bearer ', 'BEARER ', 'Bearer  ', 'Bearer\t', '', 'Basic ', 'Bearer', 'Token ', ' Bearer ', 'Bearer Bearer '];
const scheme = fc.oneof({ weight: 10, arbitrary: fc.constant('Bearer ') }, { weight: 1, arbitrary: fc.constantFrom(...SCHEMES) });

function section(value: Json): string {
  return base64url(JSON.stringify(value) ?? 'null');
}

/** (c) JWTs: claims changed, removed or retyped; odd alg headers; broken base64url; extra sections. */
export const jwtRequest: fc.Arbitrary<FuzzRequest> = fc
  .record({
    interaction,
    pointer: acceptedPointer,
    header: fc.oneof({ weight: 6, arbitrary: fc.constant<Json>({ alg: 'none', typ: 'JWT' }) }, { weight: 2, arbitrary: fc.constantFrom(...ALG_HEADERS) }, { weight: 1, arbitrary: hostileJson }),
    claims: fc.array(claimMutation, { maxLength: 3 }),
    payload: fc.oneof({ weight: 12, arbitrary: fc.constant<Section | undefined>(undefined) }, { weight: 1, arbitrary: fc.oneof(hostileJson.map((value): Section => ({ kind: 'json', value })), brokenSection.map((text): Section => ({ kind: 'raw', text }))) }),
    rawHeader: sometimes(brokenSection, 1, 12),
    signature,
    structure,
    scheme,
    cut: position,
  })
  .map(({ interaction, pointer, header, claims, payload, rawHeader, signature, structure, scheme, cut }) => {
    const actor = ACTOR[interaction];
    const base = nrlsClaims({ asid: actor.asid, ods: actor.ods, scope: interaction === 'search' ? SCOPE_READ : SCOPE_WRITE, audience: 'https://nrls.example/DocumentReference', user: actor.user });
    const labels: string[] = [];
    const mutated: JwtClaims = { ...base };
    for (const mutation of claims) {
      if (mutation.kind === 'delete') delete mutated[mutation.claim];
      else Object.defineProperty(mutated, mutation.claim, { value: mutation.value, enumerable: true, writable: true, configurable: true });
      labels.push(`${mutation.kind} ${mutation.claim.slice(0, 20)}`);
    }
    const isValidHeader = JSON.stringify(header) === JSON.stringify({ alg: 'none', typ: 'JWT' });
    if (!isValidHeader) labels.push('header');
    let sections = [rawHeader ?? section(header), payload === undefined ? section(mutated as Json) : payload.kind === 'json' ? section(payload.value) : payload.text, signature];
    if (rawHeader !== undefined) labels.push('raw header');
    if (payload !== undefined) labels.push(`payload ${payload.kind}`);
    if (signature !== '') labels.push('signature');
    switch (structure) {
      case 'two':
        sections = sections.slice(0, 2);
        break;
      case 'four':
        sections = [...sections, 'e30'];
        break;
      case 'one':
        sections = [sections.join('')];
        break;
      case 'empty-sections':
        sections = [...sections, '', ''];
        break;
      case 'standard-base64':
        sections = sections.map((text) => Buffer.from(text, 'base64url').toString('base64'));
        break;
      case 'padded':
        sections = sections.map((text) => `${text}==`);
        break;
      case 'whitespace':
        sections = sections.map((text) => text.replace(/(.{10})/g, '$1 '));
        break;
      case 'truncated':
        break;
    }
    let jwt = sections.join('.');
    if (structure === 'truncated') jwt = jwt.slice(0, Math.floor(cut * jwt.length));
    if (structure !== 'three') labels.push(structure);
    if (scheme !== 'Bearer ') labels.push(`scheme ${JSON.stringify(scheme)}`);
    const valid = validRequest(interaction, pointer);
    const headers = valid.headers.map(([name, value]): [string, string] => (name === 'Authorization' ? [name, headerSafe(scheme + jwt)] : [name, value]));
    return described({ ...valid, headers, label: `${interaction} JWT: ${labels.join('; ') || 'unchanged'}`, expect: labels.length === 0 ? valid.expect : undefined });
  });

// (d) Query strings (and the odd path)

const PARAMETER_NAMES = ['subject', '_id', 'custodian.identifier', 'custodian', 'type.coding', 'type', '_summary', '_format', 'identifier'];
const ODD_PARAMETER_NAMES = ['_count', '_sort', 'patient', 'period', 'created', '_elements', 'subject:exact', 'subject.identifier', '_include',
  '_revinclude', 'status', '', '_', '__proto__', 'constructor', 'hasOwnProperty', 'Subject', 'subject ', ' subject', '_ID', '_format[]', 'subject[0]'];
const parameterName = fc.oneof(
  { weight: 16, arbitrary: fc.constantFrom(...PARAMETER_NAMES) },
  { weight: 6, arbitrary: fc.constantFrom(...ODD_PARAMETER_NAMES) },
  { weight: 2, arbitrary: fc.string({ maxLength: 10 }) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 3000 }).map((n) => 'q'.repeat(n)) },
);
const PARAMETER_VALUES = [patientUrl(SEEDED_PATIENT), patientUrl(KNOWN_PATIENT), patientUrl(UNKNOWN_PATIENT), patientUrl('1234567890'), patientUrl(''),
  patientUrl('987654321'), patientUrl('98765432100'), patientUrl('9876543210/extra'), patientUrl('9876543210 '), PATIENT_URL_PREFIX,
  'https://demographics.spineservices.nhs.uk/STU3/Patient', '9876543210', token(ODS_CODE_SYSTEM, 'RR8'), token(ODS_CODE_SYSTEM, 'MHT01'),
  token(ODS_CODE_SYSTEM, 'AMS01'), token(ODS_CODE_SYSTEM, 'ZZZ99'), token(ODS_CODE_SYSTEM, ''), `${ODS_CODE_SYSTEM}/RR8`, 'RR8', '|', '||', '|RR8',
  token(SNOMED_SYSTEM, '736253002'), token(SNOMED_SYSTEM, '0'), '736253002', `${SNOMED_SYSTEM}|`, 'count', 'true', 'data', 'COUNT', ...SEEDED_IDS,
  ...SEEDED_MASTER_IDS, token(MASTER_IDENTIFIER_SYSTEM, ''), 'json', 'xml', ...FORMAT_VALUES];
/** Kilobytes sometimes; past Node's 16 KB head limit (431) rarely. */
const parameterValue = fc.oneof(
  { weight: 24, arbitrary: fc.constantFrom(...PARAMETER_VALUES) },
  { weight: 12, arbitrary: shortHostileString },
  { weight: 3, arbitrary: fc.integer({ min: 200, max: 4000 }).map((n) => 'v'.repeat(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 16_500, max: 20_000 }).map((n) => 'v'.repeat(n)) },
);
const PERCENT_JUNK = ['%', '%Z', '%ZZ', '%C0%AF', '%FF', '%00', '%E2%82', '%2', '%%', '%u0041', '%25', '%0A', '%7C', '+', '%2B', '%26', '%3D', '#', '?', '&', '='];

type Encoding = 'encoded' | 'raw' | 'junk' | 'double';
const encoding = fc.oneof({ weight: 8, arbitrary: fc.constant<Encoding>('encoded') }, { weight: 1, arbitrary: fc.constantFrom<Encoding>('raw', 'junk', 'double') });

function encodePart(text: string, how: Encoding, junk: string, fraction: number): string {
  switch (how) {
    case 'encoded':
      return percentEncode(text);
    case 'raw':
      return text;
    case 'double':
      return percentEncode(percentEncode(text));
    case 'junk': {
      const encoded = percentEncode(text);
      const index = Math.floor(fraction * (encoded.length + 1));
      return encoded.slice(0, index) + junk + encoded.slice(index);
    }
  }
}

const parameter = fc.record({ name: parameterName, value: parameterValue, encoding, junk: fc.constantFrom(...PERCENT_JUNK), at: position, noEquals: fc.boolean() });
type Parameter = { name: string; value: string; encoding: Encoding; junk: string; at: number; noEquals: boolean };

const BASE_QUERIES: Record<'search' | 'delete', [string, string][][]> = {
  search: [[['subject', patientUrl(SEEDED_PATIENT)]], [['_id', SEEDED_IDS[1]!]], [['subject', patientUrl(SEEDED_PATIENT)], ['_summary', 'count']],
    [['subject', patientUrl(SEEDED_PATIENT)], ['custodian.identifier', token(ODS_CODE_SYSTEM, 'RR8')], ['type.coding', token(SNOMED_SYSTEM, '736253002')]]],
  delete: [[['_id', `${SEEDED_IDS[0]}-fuzz`]], [['subject', patientUrl(SEEDED_PATIENT)], ['identifier', token(MASTER_IDENTIFIER_SYSTEM, 'urn:uuid:00000000-0000-4000-8000-00000000f022')]]],
};
const PATHS = ['/DocumentReference/', '/DocumentReference/5a3e1c0e-7f4d-4c61-9a57-2d0b6d1f0a11-10000000000000000001', '/DocumentReference/%ZZ',
  '/DocumentReference/%E2%82', '/DocumentReference/a%2Fb', '/DocumentReference/_history', '/DocumentReference/../DocumentReference',
  '//DocumentReference', '/DocumentReference%2F', '/DocumentReference;x', '/documentreference', '/DOCUMENTREFERENCE', '/Patient', '/',
  '/metadata', '/DocumentReference/_search', '/DocumentReference/%00', '/DocumentReference/%', '/%ZZ', '/DocumentReference/x/y/z'];
const OTHER_METHODS = ['PUT', 'PATCH', 'OPTIONS', 'TRACE', 'POST', 'PURGE', 'PROPFIND'];

/** (d) Query strings for search and delete: parameters added, dropped, repeated, renamed, junk-encoded; `_format`; the odd path and method. */
export const queryRequest: fc.Arbitrary<FuzzRequest> = fc
  .record({
    interaction: fc.constantFrom<'search' | 'delete'>('search', 'search', 'delete'),
    base: fc.nat(),
    drop: sometimes(fc.array(position, { minLength: 1, maxLength: 2 }), 1, 2),
    added: fc.array(parameter, { maxLength: 4 }),
    repeat: sometimes(position, 1, 4),
    format: sometimes(fc.constantFrom(...FORMAT_VALUES), 1, 5),
    separator: fc.oneof({ weight: 12, arbitrary: fc.constant('&') }, { weight: 1, arbitrary: fc.constantFrom(';', '&&', '&=&', '&amp;', '%26') }),
    trailer: fc.oneof({ weight: 12, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('&', '?', '#frag', '&=', '=', '?&') }),
    path: sometimes(fc.constantFrom(...PATHS), 1, 10),
    method: sometimes(fc.constantFrom(...OTHER_METHODS), 1, 15),
    accept: sometimes(acceptValue, 1, 3),
  })
  .map(({ interaction, base, drop, added, repeat, format, separator, trailer, path, method, accept }) => {
    const bases = BASE_QUERIES[interaction];
    const pairs: Parameter[] = bases[base % bases.length]!.map(([name, value]) => ({ name, value, encoding: 'encoded', junk: '', at: 0, noEquals: false }));
    const labels: string[] = [];
    for (const fraction of drop ?? []) {
      if (pairs.length === 0) break;
      const [removed] = pairs.splice(Math.floor(fraction * pairs.length), 1);
      labels.push(`drop ${removed!.name}`);
    }
    for (const extra of added) {
      pairs.push(extra);
      labels.push(`add ${extra.name.slice(0, 20)}${extra.encoding === 'encoded' ? '' : ` (${extra.encoding})`}`);
    }
    if (repeat !== undefined && pairs.length > 0) {
      const repeated = pairs[Math.floor(repeat * pairs.length)]!;
      pairs.push(repeated);
      labels.push(`repeat ${repeated.name.slice(0, 20)}`);
    }
    if (format !== undefined) {
      pairs.push({ name: '_format', value: format, encoding: 'encoded', junk: '', at: 0, noEquals: false });
      labels.push(`_format ${JSON.stringify(format)}`);
    }
    const query = pairs
      .map((pair) => {
        const name = encodePart(pair.name, pair.encoding, pair.junk, pair.at);
        return pair.noEquals && pair.encoding !== 'encoded' ? name : `${name}=${encodePart(pair.value, pair.encoding, pair.junk, 1 - pair.at)}`;
      })
      .join(separator);
    if (separator !== '&') labels.push(`separator ${separator}`);
    if (trailer !== '') labels.push(`trailer ${trailer}`);
    if (path !== undefined) labels.push(`path ${path}`);
    if (method !== undefined) labels.push(`method ${method}`);
    const valid = validRequest(interaction);
    const headers = valid.headers.filter(([name]) => name !== 'Accept');
    if (accept !== undefined) headers.push(['Accept', headerSafe(accept)]);
    const target = `${path ?? '/DocumentReference'}${query === '' ? '' : `?${query}`}${trailer}`;
    return described({ label: `${interaction} query: ${labels.join('; ') || 'base'}`, method: method ?? METHOD[interaction], target, headers });
  });
