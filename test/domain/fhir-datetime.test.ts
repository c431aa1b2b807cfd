import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isFhirDateTime, isFhirInstant } from '../../src/domain/fhir-datetime.ts';

describe('FHIR date and time primitives', () => {
  it('NRLS-PROF-022, NRLS-PROF-009: an instant has a time to the second and a zone', () => {
    for (const ok of [
      '2016-03-08T15:26:01+01:00',
      '2016-03-08T15:26:01Z',
      '2016-03-08T15:26:01.123Z',
      '2016-02-29T00:00:00-14:00'.replace('-14', '+14'),
    ])
      assert.ok(isFhirInstant(ok), ok);
    for (const bad of [
      '2016-03-08',
      '2016-03-08T15:26:01',
      '2016-03-08T15:26Z',
      '2015-02-29T00:00:00Z',
      '2016-13-01T00:00:00Z',
      '2016-03-08 15:26:01Z',
    ])
      assert.ok(!isFhirInstant(bad), bad);
  });

  it('NRLS-PROF-022, NRLS-PROF-010: a dateTime may be partial, but a time needs a zone', () => {
    for (const ok of ['2016', '2016-03', '2016-03-08', '2016-03-08T15:26:00+01:00']) assert.ok(isFhirDateTime(ok), ok);
    for (const bad of ['16', '2016-3', '2016-03-08T15:26:00', '2016-02-30', 'today'])
      assert.ok(!isFhirDateTime(bad), bad);
  });
});
