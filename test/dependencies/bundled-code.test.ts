// The README's answer to `npm audit`: fhir@4.12.0 and fhir@3.3.1 (fhir-stu3) ship old lodash copies in
// their bundles (4.17.21, 4.17.10), which an audit flags. Neither copy is ever loaded: fhir@4.12's Node
// entry points do not require lodash, and of fhir-stu3 only JSON definitions are read. This test keeps
// that true: it drives the mock through XML in and out, then lists every CommonJS file Node loaded.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { buildPointer } from '../../src/domain/pointer-builder.ts';
import { PROVIDER, SEEDED_PATIENT, assertOutcome, create, search, subjectQuery, testMock } from '../support/mock.ts';

const require = createRequire(import.meta.url);

describe('code bundled in the fhir packages', () => {
  it('the old lodash copies bundled by fhir and fhir-stu3, and any fhir-stu3 code, are never loaded', async () => {
    const mock = testMock();
    assertOutcome(
      await create(mock, buildPointer({ nhsNumber: SEEDED_PATIENT, custodian: PROVIDER.ods }), { format: 'xml' }),
      'RESOURCE_CREATED',
    );
    assert.equal((await search(mock, subjectQuery(SEEDED_PATIENT), { format: 'xml' })).status, 200);
    await import('json-server');

    const loaded = Object.keys(require.cache);
    assert.ok(
      loaded.some((file) => file.endsWith('/node_modules/fhir/fhir.js')),
      'the cache sees fhir@4.12, which the XML path uses',
    );
    assert.deepEqual(
      loaded.filter((file) => file.includes('/node_modules/fhir-stu3/') && !file.endsWith('.json')),
      [],
    );
    assert.deepEqual(
      loaded.filter((file) => /\/node_modules\/fhir\/(node_modules\/lodash|dist)\//.test(file)),
      [],
    );
    const lodashCopies = new Set(
      loaded.filter((file) => file.includes('/lodash/')).map((file) => file.replace(/\/lodash\/.*$/, '/lodash')),
    );
    assert.ok(lodashCopies.size > 0, 'json-server and lowdb load lodash');
    for (const copy of lodashCopies) {
      const { version } = JSON.parse(readFileSync(`${copy}/package.json`, 'utf8')) as { version: string };
      const [major, minor] = version.split('.').map(Number);
      assert.ok(
        major! > 4 || (major === 4 && minor! >= 18),
        `${copy} is lodash ${version}, in the range of CVE-2025-13465 and CVE-2026-4800`,
      );
    }
  });
});
