// Micro-benchmark of the strict STU3 JSON check a create makes (stu3-json.ts) against the XML round trip
// it replaced (stu3-json-round-trip.ts), on a typical NRLS pointer from fixtures/pointers.json, given as
// the mock gives it (skeletonOf, as parse-body.ts). Prints µs per check, median of 5 rounds.
//
//   node --import tsx bench/stu3-json-check.ts
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkJsonResource, skeletonOf } from '../src/domain/stu3-json.ts';
import { checkJsonResourceByRoundTrip } from '../src/domain/stu3-json-round-trip.ts';
import type { FhirResource } from '../src/domain/stu3-xml.ts';

const fixture = join(import.meta.dirname, '..', 'fixtures', 'pointers.json');
const pointers = JSON.parse(readFileSync(fixture, 'utf8')) as FhirResource[];
const pointer = skeletonOf(pointers[0]) as FhirResource;

function microseconds(check: (resource: FhirResource) => unknown, iterations: number): number {
  for (let i = 0; i < Math.ceil(iterations / 10); i++) check(pointer);
  const rounds: number[] = [];
  for (let round = 0; round < 5; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) check(pointer);
    rounds.push(Number(process.hrtime.bigint() - start) / 1000 / iterations);
  }
  return rounds.sort((a, b) => a - b)[2]!;
}

const old = microseconds(checkJsonResourceByRoundTrip, 1000);
const now = microseconds(checkJsonResource, 20000);
console.log(`strict STU3 JSON check of fixtures/pointers.json[0] (skeleton), median of 5 rounds`);
console.log(`  XML round trip (old): ${old.toFixed(1)} µs per check`);
console.log(`  schema walk (new):    ${now.toFixed(1)} µs per check (${(old / now).toFixed(1)}x faster)`);
