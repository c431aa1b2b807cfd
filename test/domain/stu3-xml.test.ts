import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkJsonResource } from '../../src/domain/stu3-json.ts';
import {
  nestedResourceXml,
  objToXml,
  readFhirXml,
  resourceToXml,
  type FhirResource,
} from '../../src/domain/stu3-xml.ts';
import { buildPointer } from '../../src/domain/pointer-builder.ts';

const pointer = () => ({
  ...buildPointer({ nhsNumber: '9876543210', custodian: 'RR8' }),
  id: 'abc',
  meta: { versionId: '2' },
});
const wrap = (body: string) => `<DocumentReference xmlns="http://hl7.org/fhir">${body}</DocumentReference>`;

describe('FHIR STU3 XML', () => {
  it('NRLS-GEN-001, NRLS-FMT-001: a pointer survives JSON → XML → JSON unchanged, in STU3 element order', () => {
    const original = pointer();
    const xml = resourceToXml(original);
    assert.match(
      xml,
      new RegExp(
        /^<\?xml version="1.0" encoding="UTF-8"\?><DocumentReference /.source +
          /xmlns="http:\/\/hl7\.org\/fhir"><id value="abc"\/><meta>/.source,
      ),
    );
    const order = [
      ...xml.matchAll(
        new RegExp(
          /<(masterIdentifier|status|type|subject|created|indexed|author|custodian|content)/.source +
            />|<(status|created|indexed) value/.source,
          'g',
        ),
      ),
    ].map((m) => m[1] ?? m[2]);
    assert.deepEqual(order, [
      'masterIdentifier',
      'status',
      'type',
      'subject',
      'created',
      'indexed',
      'author',
      'custodian',
      'content',
    ]);
    const read = readFhirXml(xml);
    assert.ok(read.ok);
    assert.deepEqual(read.resource, original);
  });

  const REFUSED: [string, string][] = [
    ['not XML', 'hello'],
    ['unclosed', '<DocumentReference xmlns="http://hl7.org/fhir"><status value="current"/>'],
    ['a second root', `${wrap('<status value="current"/>')}<x/>`],
    ['text after the root', `${wrap('<status value="current"/>')} trailing`],
    ['no FHIR namespace', '<DocumentReference><status value="current"/></DocumentReference>'],
    ['a DOCTYPE with entities', `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "b">]>${wrap('<status value="&a;"/>')}`],
    [
      'an external entity',
      `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>${wrap('<status value="&x;"/>')}`,
    ],
    ['an unknown element', wrap('<status value="current"/><colour value="red"/>')],
    ['a repeated single element', wrap('<status value="current"/><status value="superseded"/>')],
    ['text content instead of a value attribute', wrap('<status>current</status>')],
    ['deep nesting', `<a>${'<b>'.repeat(40)}${'</b>'.repeat(40)}</a>`],
  ];
  for (const [name, xml] of REFUSED) {
    it(`NRLS-PROF-001: XML with ${name} is refused`, () => {
      const read = readFhirXml(xml);
      assert.equal(read.ok, false);
    });
  }

  it('keeps narrative, extensions and primitive extensions', () => {
    const xml = wrap(
      '<text><status value="generated"/><div ' +
        'xmlns="http://www.w3.org/1999/xhtml"><p>plan</p></div></text><extension ' +
        'url="https://example.org/e"><valueString value="v"/></extension><status value="current"><extension ' +
        'url="https://example.org/s"><valueBoolean value="true"/></extension></status>',
    );
    const read = readFhirXml(xml);
    assert.ok(read.ok, read.ok ? '' : read.reason);
    assert.deepEqual(read.resource.extension, [{ url: 'https://example.org/e', valueString: 'v' }]);
    assert.equal(read.resource.status, 'current');
  });

  it('an empty element is not an unknown one (it reaches the profile check)', () => {
    const read = readFhirXml(wrap('<status value="current"/><subject/>'));
    assert.ok(read.ok);
  });

  it('finds elements of JSON resources that STU3 does not define', () => {
    const unknown = (resource: FhirResource) => {
      const check = checkJsonResource(resource);
      return check.ok ? undefined : [check.problem, check.elementPath];
    };
    assert.equal(unknown(pointer()), undefined);
    assert.deepEqual(unknown({ ...pointer(), colour: 'red' }), ['unknown-element', 'colour']);
    assert.deepEqual(unknown({ ...pointer(), subject: { reference: 'x', colour: 'red' } }), [
      'unknown-element',
      'subject.colour',
    ]);
    assert.equal(
      unknown({
        ...pointer(),
        extension: [{ url: 'u', valueString: 'v' }],
        _status: { extension: [{ url: 'u', valueCode: 'c' }] },
      }),
      undefined,
    );
  });

  it('finds JSON shaped otherwise than STU3 defines: an array for one value', () => {
    const reshaped = (resource: FhirResource) => {
      const check = checkJsonResource(resource);
      return check.ok ? undefined : [check.problem, check.elementPath];
    };
    assert.deepEqual(reshaped({ ...pointer(), status: ['current'] }), ['reshaped', 'status']);
    assert.deepEqual(reshaped({ ...pointer(), description: ['a', 'b'] }), ['reshaped', 'description']);
    const attachment = { ...pointer().content![0]!.attachment, title: ['a', 'b'] };
    assert.deepEqual(reshaped({ ...pointer(), content: [{ attachment }] }), ['reshaped', 'content.attachment.title']);
    // An object where STU3 repeats the element is lost in the conversion: an unknown element.
    assert.deepEqual(reshaped({ ...pointer(), content: pointer().content![0] }), ['unknown-element', 'content']);
  });

  it(
    'NRLS-FMT-001, NRLS-SEARCH-013: a searchset written from cached ' +
      'entries is byte for byte what the fhir package writes',
    () => {
      // Each entry's XML made once and kept, as the mock's store keeps it.
      const kept = new WeakMap<object, string>();
      const keptXml = (resource: FhirResource) =>
        kept.get(resource) ?? kept.set(resource, nestedResourceXml(resource)).get(resource)!;
      const text = fc
        .string({ minLength: 1, maxLength: 30 })
        .filter((value) => value.trim() === value && value.trim() !== '');
      const pointerArbitrary = fc.record({
        id: fc.uuid(),
        versionId: fc.integer({ min: 1, max: 9 }).map(String),
        title: text,
        description: fc.option(text, { nil: undefined }),
        extension: fc.option(
          text.map((value) => [{ url: 'https://example.org/e', valueString: value }]),
          { nil: undefined },
        ),
      });
      fc.assert(
        fc.property(fc.array(pointerArbitrary, { maxLength: 5 }), fc.uuid(), (parts, bundleId) => {
          const entry = parts.map((part) => {
            const pointer: Record<string, unknown> = {
              ...buildPointer({ nhsNumber: '9876543210', custodian: 'RR8' }),
              id: part.id,
              meta: { versionId: part.versionId },
            };
            (pointer.content as { attachment: { title: string } }[])[0]!.attachment.title = part.title;
            if (part.description !== undefined) pointer.description = part.description;
            if (part.extension !== undefined) pointer.extension = part.extension;
            return { resource: pointer as FhirResource };
          });
          const bundle: FhirResource = {
            resourceType: 'Bundle',
            id: bundleId,
            type: 'searchset',
            total: entry.length,
            ...(entry.length > 0 ? { entry } : {}),
          };
          assert.equal(resourceToXml(bundle), objToXml(bundle));
          assert.equal(
            resourceToXml(bundle, keptXml),
            objToXml(bundle),
            'again, from kept entry XML (as the mock writes searches)',
          );
        }),
        { seed: 20261123, numRuns: 60 },
      );
    },
  );

  it('a searchset envelope is written as the converter writes it, whatever its id, type and total', () => {
    const entry = [{ resource: pointer() as unknown as FhirResource }];
    const ids = ['b', 'a.b-C9', `x${'y'.repeat(63)}`, `x${'y'.repeat(64)}`, 'a&b', '<id>', 'a"b', ''];
    for (const id of ids) {
      for (const [type, total] of [
        ['searchset', 1],
        ['history', 123456],
        ['Search Set', 1],
        ['searchset', -1],
      ]) {
        const bundle = { resourceType: 'Bundle', id, type, total, entry } as FhirResource;
        assert.equal(resourceToXml(bundle), objToXml(bundle), `${id} ${type} ${total}`);
      }
    }
    const withMeta = { resourceType: 'Bundle', id: 'b', meta: { versionId: '1' }, type: 'searchset', total: 1, entry };
    assert.equal(resourceToXml(withMeta as FhirResource), objToXml(withMeta as FhirResource));
  });

  it('a pointer changed in place is written as it now is', () => {
    const resource = pointer() as unknown as FhirResource & { status: string };
    const bundle = (): FhirResource => ({
      resourceType: 'Bundle',
      id: 'b',
      type: 'searchset',
      total: 1,
      entry: [{ resource }],
    });
    assert.match(resourceToXml(bundle()), /<status value="current"\/>/);
    resource.status = 'superseded';
    assert.match(resourceToXml(bundle()), /<status value="superseded"\/>/);
    assert.equal(resourceToXml(bundle()), objToXml(bundle()));
  });
});
