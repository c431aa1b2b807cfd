// Mutations of a resource's STU3 XML text for the body generator: elements duplicated, deleted or left
// unclosed, values set (escaped or not), snippets injected (entities, CDATA, DOCTYPEs, deep nesting),
// stray attributes, other namespaces and root names, prologs and epilogs. Text-level, because the
// XML writer only writes well-formed documents.
import fc from 'fast-check';
import { KNOWN_KEYS, at, hostileString, longString, position, shortHostileString } from './values.ts';

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

const xmlName = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...KNOWN_KEYS.filter((key) => /^[A-Za-z]/.test(key))) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9._-]{0,15}$/) },
  { weight: 1, arbitrary: fc.constantFrom('x:status', 'xml', 'DocumentReference', 'Bundle', 'div', 'a') },
);

const XML_SNIPPETS = [
  '<foo value="bar"/>',
  '<status value="current"/>',
  '<status>current</status>',
  '<status value="current" extra="1"/>',
  '<description value="x"/>',
  '<id value="x"/>',
  '<extension url="http://x"><valueString value="y"/></extension>',
  '<text><status value="generated"/><div xmlns="http://www.w3.org/1999/xhtml"><p>hi</p></div></text>',
  '<div xmlns="http://www.w3.org/1999/xhtml"/>',
  '<!-- comment -->',
  '<?pi x?>',
  '<![CDATA[<x>]]>',
  'text',
  '&amp;',
  '&#0;',
  '&#x1F600;',
  '&lol;',
  '&',
  '<',
  '<x:y xmlns:x="urn:x"/>',
  '<status value=current/>',
  "<status value='current'/>",
  '<status value="a" value="b"/>',
  '<status/>',
  '<status value=""/>',
  '</status>',
  '<content/>',
  '<coding><system value="x"/></coding>',
  '<relatesTo><code value="replaces"/></relatesTo>',
  '<contained><Patient/></contained>',
];
const XML_PROLOGS = [
  '',
  '<?xml version="1.1"?>',
  '<?xml version="1.0" encoding="UTF-16"?>',
  '<?xml version="1.0" encoding="ISO-8859-1"?>',
  '<?xml version="1.0" standalone="no"?>',
  '<!DOCTYPE DocumentReference>',
  '<!DOCTYPE d [<!ENTITY lol "lol">]>',
  '<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
  '<!-- c -->',
  ' \n',
  '\uFEFF',
  '<?xml version="1.0"?><?xml version="1.0"?>',
];
const XML_EPILOGS = [
  '<DocumentReference xmlns="http://hl7.org/fhir"/>',
  'trailing text',
  '<!-- c -->',
  '<?pi?>',
  '\n\n',
  '<',
  ']]>',
  '&amp;',
];
const NAMESPACES = [
  '',
  'http://hl7.org/fhir/STU3',
  'http://hl7.org/FHIR',
  'urn:x',
  'http://www.w3.org/1999/xhtml',
  'http://hl7.org/fhir ',
];
const ROOT_NAMES = [
  'OperationOutcome',
  'Bundle',
  'Patient',
  'documentreference',
  'DocumentReference2',
  'f:DocumentReference',
  'x',
];

export type XmlMutation =
  | { kind: 'duplicate-element' | 'delete-element' | 'unclose'; at: number }
  | { kind: 'set-value'; at: number; value: string; escape: boolean }
  | { kind: 'inject'; at: number; snippet: string }
  | { kind: 'attribute'; at: number; name: string; value: string }
  | { kind: 'namespace'; namespace: string }
  | { kind: 'rename-root'; name: string }
  | { kind: 'prolog' | 'epilog'; text: string };

const xmlSnippet = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...XML_SNIPPETS) },
  {
    weight: 3,
    arbitrary: fc
      .record({ name: xmlName, value: shortHostileString })
      .map(({ name, value }) => `<${name} value="${escapeAttribute(value)}"/>`),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 2, max: 48 }).map((depth) => `${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`),
  },
  { weight: 1, arbitrary: longString.map((value) => `<description value="${escapeAttribute(value)}"/>`) },
);

export const xmlMutation: fc.Arbitrary<XmlMutation> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constantFrom('duplicate-element' as const, 'delete-element' as const, 'unclose' as const),
      at: position,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('set-value' as const),
      at: position,
      value: hostileString,
      escape: fc.boolean(),
    }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('inject' as const), at: position, snippet: xmlSnippet }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('attribute' as const),
      at: position,
      name: fc.constantFrom('id', 'value', 'xmlns', 'xml:lang', 'extra', 'url', 'xmlns:x'),
      value: shortHostileString,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('namespace' as const), namespace: fc.constantFrom(...NAMESPACES) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('rename-root' as const), name: fc.constantFrom(...ROOT_NAMES) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom('prolog' as const, 'epilog' as const),
      text: fc.oneof(fc.constantFrom(...XML_PROLOGS, ...XML_EPILOGS), shortHostileString),
    }),
  },
);

export function applyXmlMutation(xml: string, mutation: XmlMutation): { text: string; label: string } {
  const splice = (start: number, end: number, insert: string) => xml.slice(0, start) + insert + xml.slice(end);
  switch (mutation.kind) {
    case 'duplicate-element':
    case 'delete-element': {
      const leaf = at([...xml.matchAll(/<([A-Za-z][\w:.-]*)\b[^<>]*\/>/g)], mutation.at);
      if (!leaf) return { text: xml, label: `${mutation.kind} (nothing)` };
      const end = leaf.index + leaf[0].length;
      return {
        text: splice(leaf.index, end, mutation.kind === 'delete-element' ? '' : leaf[0] + leaf[0]),
        label: `${mutation.kind} ${leaf[1]}`,
      };
    }
    case 'unclose': {
      const close = at([...xml.matchAll(/<\/[^>]+>/g)], mutation.at);
      return close
        ? { text: splice(close.index, close.index + close[0].length, ''), label: `unclose ${close[0]}` }
        : { text: xml, label: 'unclose (nothing)' };
    }
    case 'set-value': {
      const value = at([...xml.matchAll(/value="[^"]*"/g)], mutation.at);
      if (!value) return { text: xml, label: 'set-value (nothing)' };
      const written = mutation.escape ? escapeAttribute(mutation.value) : mutation.value;
      return {
        text: splice(value.index, value.index + value[0].length, `value="${written}"`),
        label: `set-value${mutation.escape ? '' : ' unescaped'}`,
      };
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
      return {
        text: splice(index, index, ` ${mutation.name}="${escapeAttribute(mutation.value)}"`),
        label: `attribute ${mutation.name}`,
      };
    }
    case 'namespace':
      return {
        text: xml.replace(
          'xmlns="http://hl7.org/fhir"',
          mutation.namespace === '' ? '' : `xmlns="${mutation.namespace}"`,
        ),
        label: 'namespace',
      };
    case 'rename-root':
      return {
        text: xml
          .replace(/<DocumentReference\b/, `<${mutation.name}`)
          .replace(/<\/DocumentReference>$/, `</${mutation.name}>`),
        label: `rename-root ${mutation.name}`,
      };
    case 'prolog':
      return { text: mutation.text + xml.replace(/^<\?xml[^>]*\?>/, ''), label: 'prolog' };
    case 'epilog':
      return { text: xml + mutation.text, label: 'epilog' };
  }
}
