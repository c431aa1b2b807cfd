// The per-app memo of the strict STU3 JSON check (parse-body.ts): the check reads only a pointer's
// skeleton, so pointers shaped alike share one answer, and a pointer shaped otherwise gets its own.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildPointer } from '../../../src/domain/pointer-builder.ts';
import { checkJsonResource, skeletonOf } from '../../../src/domain/stu3-json.ts';
import type { FhirResource } from '../../../src/domain/stu3-xml.ts';
import { Stu3JsonChecks } from '../../../mock-server/pipeline/parse-body.ts';

const skeleton = (resource: object) => skeletonOf(resource) as FhirResource;
const pointer = (nhsNumber: string) => buildPointer({ nhsNumber, custodian: 'MHT01' }) as unknown as FhirResource;

describe('NRLS-FMT-012: the strict STU3 JSON check, asked once per skeleton', () => {
  it('gives each skeleton the answer checkJsonResource gives it', () => {
    const checks = new Stu3JsonChecks();
    const valid = pointer('9434765919');
    const unknown = { ...pointer('9434765870'), colour: 'red' };
    const reshaped = { ...pointer('9434765919'), status: ['current'] };
    for (const resource of [valid, unknown, reshaped, valid, unknown, reshaped]) {
      assert.deepEqual(checks.check(skeleton(resource)), checkJsonResource(skeleton(resource)));
    }
    assert.equal(checks.check(skeleton(valid)).ok, true);
    assert.equal(checks.check(skeleton(unknown)).ok, false);
    assert.equal(checks.check(skeleton(reshaped)).ok, false);
  });

  it('answers pointers that differ only in their values from one check', () => {
    const checks = new Stu3JsonChecks();
    const first = checks.check(skeleton(pointer('9434765919')));
    assert.equal(checks.check(skeleton(pointer('9434765870'))), first, 'the same answer object: not checked again');
  });

  it('keeps at most its limit of skeletons, and answers correctly after forgetting them', () => {
    const checks = new Stu3JsonChecks(2);
    const shapes = ['a', 'b', 'c'].map((name) => ({ ...pointer('9434765919'), [name]: 'x' }));
    const answers = shapes.map((shape) => checks.check(skeleton(shape)));
    const again = checks.check(skeleton(shapes[0]!));
    assert.notEqual(again, answers[0], 'forgotten when the limit was reached, so checked again');
    assert.deepEqual(again, answers[0]);
  });
});
