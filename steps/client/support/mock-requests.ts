// The harness's own requests to the mock, as a fixture provider (never the system's ASID, so the inspector's
// filter keeps them apart): seeding a pointer for a consumer to find, and checking that a pointer the
// system reported exists (an `_id` search, NRLS-SEARCH-014).
import { nrlsHeaders } from '../../../src/domain/client-identity.ts';
import { buildPointer } from '../../../src/domain/pointer-builder.ts';
import { sendRequest } from '../../../src/http/send.ts';
import type { Exchange } from '../../../src/report/exchange.ts';

export interface MockConnection {
  baseUrl: string;
  spineAsid: string;
  as: { asid: string; ods: string };
}

const FHIR_JSON = 'application/fhir+json';

export function seedPointer(mock: MockConnection, nhsNumber: string): Promise<Exchange> {
  const body = JSON.stringify(buildPointer({ nhsNumber, custodian: mock.as.ods }));
  return sendRequest(
    { baseUrl: mock.baseUrl, timeoutMs: 10_000 },
    {
      method: 'POST',
      path: '/DocumentReference',
      headers: {
        ...nrlsHeaders(mock.as, { spineAsid: mock.spineAsid, access: 'write' }),
        Accept: FHIR_JSON,
        'Content-Type': FHIR_JSON,
      },
      body,
    },
    'setup: a provider of the fixtures creates a pointer for the system to find',
  );
}

export function searchById(mock: MockConnection, id: string): Promise<Exchange> {
  return sendRequest(
    { baseUrl: mock.baseUrl, timeoutMs: 10_000 },
    {
      method: 'GET',
      path: '/DocumentReference',
      query: [['_id', id]],
      headers: { ...nrlsHeaders(mock.as, { spineAsid: mock.spineAsid, access: 'read' }), Accept: FHIR_JSON },
    },
    'check: the pointer the system reported, searched by its id',
  );
}

/** The logical id in a create's Location header (`…/DocumentReference?_id=ID`, NRLS-CREATE-007). */
export function idFromLocation(location: string | undefined): string | undefined {
  const found = /[?&]_id=([^&]+)/.exec(location ?? '');
  return found ? decodeURIComponent(found[1]!) : undefined;
}
