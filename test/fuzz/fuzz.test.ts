// The fuzz properties with a fixed seed and a few hundred cases in all, so that `npm test` replays
// the same requests every time; `npm run fuzz` runs them with 10,000 and more and a fresh seed.
// Each property gets a fresh mock whose cases share its store; the valid requests are checked along
// the way and once more at the end, in JSON and in XML. Then the stalls the fuzzing found, each as one
// request that must be answered (by the same properties) within a second.
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { buildPointer } from '../../src/domain/pointer-builder.ts';
import { KNOWN_PATIENT, PROVIDER, headersFor } from '../support/mock.ts';
import type { FuzzRequest } from './arbitraries/index.ts';
import { FUZZ_PROPERTIES, assertStillServing, fuzzProperty, openFuzzSession, sendAndCheck } from './properties.ts';

const SEED = 20261123;
const RUNS_PER_PROPERTY = 100;

describe(
  `fuzz (seed ${SEED}, ${RUNS_PER_PROPERTY} cases per property): ` +
    `never a 5xx, always a FHIR resource, the mock keeps serving`,
  () => {
    for (const property of FUZZ_PROPERTIES) {
      it(`${property.requirements.join(', ')}: fuzz: ${property.summary}`, async () => {
        const session = await openFuzzSession();
        try {
          await fc.assert(fuzzProperty(property, session, { stillServingEvery: 20 }), {
            seed: SEED,
            numRuns: RUNS_PER_PROPERTY,
          });
          await assertStillServing(session, 'json');
          await assertStillServing(session, 'xml');
        } finally {
          await session.close();
        }
      });
    }
  },
);

/** Each held the server for seconds (or for ever) before its fix; now refused at once. */
const STALLS: { title: string; contentType: string; body: () => string }[] = [
  {
    title: 'a megabyte that is not XML, labelled XML (the strict XML pass raised an error per character: 4-5 s)',
    contentType: 'application/fhir+xml',
    body: () => '{'.repeat(1_000_000),
  },
  {
    title: 'a root element followed by a megabyte of stray ampersands (as above)',
    contentType: 'application/fhir+xml',
    body: () => `<DocumentReference xmlns="http://hl7.org/fhir">${'&'.repeat(1_000_000)}</DocumentReference>`,
  },
  {
    title: 'meta.profile given as {"length": 1e12} (the STU3 converter looped a trillion times)',
    contentType: 'application/fhir+json',
    body: () => JSON.stringify({ ...pointer(), meta: { profile: { length: 1e12 } } }),
  },
  {
    title: 'a 900,000-character string for extension (the converter walked it character by character: about a minute)',
    contentType: 'application/fhir+json',
    body: () => JSON.stringify({ ...pointer(), extension: 'x'.repeat(900_000) }),
  },
  {
    title: '300,000 empty extension objects (the converter took about 20 s, then stored them)',
    contentType: 'application/fhir+json',
    body: () => JSON.stringify({ ...pointer(), extension: Array.from({ length: 300_000 }, () => ({})) }),
  },
];

function pointer() {
  return buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: PROVIDER.ods });
}

describe('stalls found by fuzzing: refused within a second', () => {
  for (const stall of STALLS) {
    it(`NRLS-CREATE-020, NRLS-PROF-001, NRLS-ERR-008: fuzz regression: ${stall.title}`, async () => {
      const session = await openFuzzSession();
      try {
        const request: FuzzRequest = {
          label: stall.title,
          method: 'POST',
          target: '/DocumentReference',
          headers: [
            ...(Object.entries(headersFor(PROVIDER, 'write')) as [string, string][]),
            ['Content-Type', stall.contentType],
            ['Accept', 'application/fhir+json'],
          ],
          body: Buffer.from(stall.body()),
        };
        const started = performance.now();
        assert.equal(await sendAndCheck(session, request), 400);
        const ms = performance.now() - started;
        assert.ok(ms < 1000, `answered in ${ms.toFixed(0)} ms`);
        await assertStillServing(session, 'xml');
      } finally {
        await session.close();
      }
    });
  }
});
