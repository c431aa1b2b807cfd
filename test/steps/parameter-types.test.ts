// The parameter types that name catalogue values ({defect}, {requestDefect}, {bodyVariant}, {search},
// {deletion}) match their catalogue's names and nothing else, and an unknown name fails naming the known ones.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NAMED_VALUES, lookup, namesRegExp, unknownNameIn } from '../../steps/support/named-values.ts';
import { POINTER_DEFECTS } from '../../steps/support/defects.ts';

const whole = (pattern: RegExp) => new RegExp(`^(?:${pattern.source})$`);

describe('parameter types built from a catalogue of names', () => {
  for (const [parameter, { kind, names }] of Object.entries(NAMED_VALUES)) {
    it(`{${parameter}} matches every ${kind} name and no other text`, () => {
      const pattern = whole(namesRegExp(names));
      for (const name of names) assert.match(name, pattern);
      const others = ['', 'anything at all', `${names[0]} and more`, `x${names[0]}`];
      for (const text of others) assert.doesNotMatch(text, pattern);
    });
  }

  it('a name that is a prefix of another does not stop the longer one matching', () => {
    const pattern = new RegExp(`^(${namesRegExp(['no type', 'no type coding']).source})$`);
    assert.equal(pattern.exec('no type coding')?.[1], 'no type coding');
  });

  it('lookup answers the entry, or throws naming every known name', () => {
    assert.equal(lookup('pointer defect', POINTER_DEFECTS, 'no type').name, 'no type');
    assert.throws(
      () => lookup('pointer defect', POINTER_DEFECTS, 'no typo'),
      (error: Error) => {
        assert.match(error.message, /unknown pointer defect "no typo"/);
        for (const { name } of POINTER_DEFECTS) assert.ok(error.message.includes(`"${name}"`), name);
        return true;
      },
    );
  });

  const STEPS: [string, RegExp | undefined][] = [
    ['it has no indexed time', undefined],
    ['it has no indexed tme', /unknown pointer defect "no indexed tme"; known: .*"no indexed time"/],
    ['the request has no fromASID header', undefined],
    ['the request has no fromASD header', /unknown request defect "no fromASD header"; known: .*"no fromASID header"/],
    ['the provider sends an empty body', undefined],
    ['the provider sends an empty bdy', /unknown body "an empty bdy"; known: .*"an empty body"/],
    ['the consumer searches for the patient', undefined],
    ['the consumer searches for the patiant', /unknown search "for the patiant"; known: .*"for the patient"/],
    ['the second provider deletes the pointer by its id', undefined],
    [
      'the provider deletes the pointer by its idd',
      /unknown deletion "the pointer by its idd"; known: .*"the pointer by its id"/,
    ],
    // Steps that start alike but take no catalogue value
    ['the consumer searches for the patient accepting "text/html"', undefined],
    ['the consumer searches for the patient with _format "xml"', undefined],
    ['the provider searches another resource type', undefined],
    ['the provider deletes the pointer at its own URL', undefined],
    ['the response is a 400 INVALID_PARAMETER', undefined],
  ];
  for (const [text, expected] of STEPS) {
    it(`the step "${text}" ${expected ? 'fails, naming the known values' : 'names no unknown value'}`, () => {
      const reason = unknownNameIn(text);
      if (expected) assert.match(reason ?? '', expected);
      else assert.equal(reason, undefined);
    });
  }
});
