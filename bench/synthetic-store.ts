// Synthetic pointers for benchmarks and soak runs: deterministic (seeded), spread over many patients,
// each a valid NRLS pointer as the mock would have stored it.
import { nhsCheckDigit } from '../src/domain/nhs-number.ts';
import { POINTER_PROFILE, organisationUrl, patientUrl } from '../src/domain/identifiers.ts';
import type { StoredPointer } from '../src/domain/pointer.ts';
import type { StoreState } from '../mock-server/store/store-state.ts';

/** A small fast PRNG (mulberry32), so the same seed gives the same store. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The n-th valid NHS number of the 9xx test range, deterministic. */
export function nthNhsNumber(n: number): string {
  for (let k = n * 11; ; k++) {
    const nine = `9${String(k).padStart(8, '0')}`;
    const check = nhsCheckDigit(nine);
    if (check !== undefined) return nine + check;
  }
}

const digits = (next: () => number, count: number) =>
  Array.from({ length: count }, () => Math.floor(next() * 10)).join('');

export interface SyntheticStore {
  state: StoreState;
  /** Patients that have pointers, for searches. */
  patients: string[];
  /** Current pointers owned by MHT01 (the bench provider), for supersedes: [nhs number, master value]. */
  supersedable: [string, string][];
}

/** `count` pointers over count/3 patients; custodians alternate between MHT01 and RR8. */
export function syntheticStore(count: number, seed = 1): SyntheticStore {
  const next = random(seed);
  const patients: string[] = [];
  const supersedable: [string, string][] = [];
  const pointers: StoredPointer[] = [];
  const patientCount = Math.max(1, Math.floor(count / 3));
  for (let p = 0; p < patientCount; p++) patients.push(nthNhsNumber(p));
  for (let i = 0; i < count; i++) {
    const nhsNumber = patients[i % patientCount]!;
    const custodian = i % 2 === 0 ? 'MHT01' : 'RR8';
    const master = `urn:oid:1.3.6.1.4.1.21367.2005.3.${i}`;
    if (custodian === 'MHT01') supersedable.push([nhsNumber, master]);
    pointers.push({
      resourceType: 'DocumentReference',
      id:
        `${digits(next, 8)}-${digits(next, 4)}-4${digits(next, 3)}-8${digits(next, 3)}-${digits(next, 12)}-` +
        `${digits(next, 20)}`,
      meta: { versionId: '1', lastUpdated: '2018-09-10T09:30:00+00:00', profile: [POINTER_PROFILE] },
      masterIdentifier: { system: 'urn:ietf:rfc:3986', value: master },
      status: 'current',
      type: {
        coding: [
          {
            system: 'http://snomed.info/sct',
            code: '736253002',
            display: 'Mental health crisis plan (record artifact)',
          },
        ],
      },
      subject: { reference: patientUrl(nhsNumber) },
      created: '2018-09-10T09:00:00+00:00',
      indexed: '2018-09-10T09:30:00+00:00',
      author: [{ reference: organisationUrl('RGD') }],
      custodian: { reference: organisationUrl(custodian) },
      content: [
        {
          attachment: {
            contentType: 'application/pdf',
            url: `https://${custodian.toLowerCase()}.example.nhs.uk/plans/${i}.pdf`,
            title: 'Mental health crisis plan',
            creation: '2018-09-10T09:00:00+00:00',
          },
        },
      ],
    });
  }
  return { state: { DocumentReference: pointers, knownPatients: [] }, patients, supersedable };
}
