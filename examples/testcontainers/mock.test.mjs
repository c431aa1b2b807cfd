// A supplier's own test of its NRLS client against our mock, in a container (node:test, testcontainers).
// Needs Docker or podman, and the image: docker build -t nrls-conformance:latest <this project>
// (or set NRLS_MOCK_IMAGE). Run: node --test mock.test.mjs
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { NrlsMockContainer } from 'nrls-conformance/testcontainers';

let nrls;
before(async () => {
  nrls = await new NrlsMockContainer().withKnownPatientsOnly().start();
});
after(async () => {
  await nrls?.stop();
});

const patient = (nhsNumber) => `https://demographics.spineservices.nhs.uk/STU3/Patient/${nhsNumber}`;
const organisation = (ods) => `https://directory.spineservices.nhs.uk/STU3/Organization/${ods}`;

test('a provider creates a pointer and a consumer finds it', async () => {
  const { provider, patients } = nrls.identities;
  const pointer = {
    resourceType: 'DocumentReference',
    masterIdentifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${crypto.randomUUID()}` },
    status: 'current',
    type: {
      coding: [
        { system: 'http://snomed.info/sct', code: '736253002', display: 'Mental health crisis plan (record artifact)' },
      ],
    },
    subject: { reference: patient(patients.knownWithoutPointers) },
    indexed: new Date().toISOString(),
    author: [{ reference: organisation(provider.ods) }],
    custodian: { reference: organisation(provider.ods) },
    content: [
      {
        attachment: { contentType: 'application/pdf', url: 'https://provider.example.nhs.uk/records/crisis-plan.pdf' },
      },
    ],
  };
  const created = await fetch(`${nrls.baseUrl}/DocumentReference`, {
    method: 'POST',
    headers: { ...nrls.headersFor('provider'), 'Content-Type': 'application/fhir+json' },
    body: JSON.stringify(pointer),
  });
  assert.equal(created.status, 201);
  const id = new URL(created.headers.get('location')).searchParams.get('_id');

  const search = await fetch(
    `${nrls.baseUrl}/DocumentReference?subject=${encodeURIComponent(patient(patients.knownWithoutPointers))}`,
    {
      headers: nrls.headersFor('consumer'),
    },
  );
  assert.equal(search.status, 200);
  const bundle = await search.json();
  assert.deepEqual(
    bundle.entry.map((entry) => entry.resource.id),
    [id],
  );

  const deleted = await fetch(`${nrls.baseUrl}/DocumentReference?_id=${id}`, {
    method: 'DELETE',
    headers: nrls.headersFor('provider'),
  });
  assert.equal(deleted.status, 200);
});

test('an unknown patient is refused, as the live NRLS does', async () => {
  const search = await fetch(
    `${nrls.baseUrl}/DocumentReference?subject=${encodeURIComponent(patient(nrls.identities.patients.unknown))}`,
    {
      headers: nrls.headersFor('consumer'),
    },
  );
  assert.equal(search.status, 404);
  assert.equal((await search.json()).issue[0].details.coding[0].code, 'NO_RECORD_FOUND');
});
