// Requests as the fixture client systems send them, built with the project's own builders (client
// headers, JWT, pointers), for the client rule tests: each test starts from a clean request and breaks one thing.
import { readFileSync } from 'node:fs';
import type { ClientDirectory, RecordedResponse, RuleVerdict } from '../../src/client-assurance/recorded-exchange.ts';
import { judgeRequest, type JudgedRequest } from '../../src/client-assurance/rules.ts';
import { EXAMPLE_USER, nrlsHeaders, type ClientIdentity } from '../../src/domain/client-identity.ts';
import { MASTER_IDENTIFIER_SYSTEM, ODS_CODE_SYSTEM, patientUrl } from '../../src/domain/identifiers.ts';
import type { JwtClaims } from '../../src/domain/jwt.ts';
import { buildPointer, type PointerOptions } from '../../src/domain/pointer-builder.ts';
import type { Pointer } from '../../src/domain/pointer.ts';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8'));

export const DIRECTORY: ClientDirectory = {
  spineAsid: fixture('spine.json').spineAsid,
  systems: fixture('asids.json'),
  organisations: fixture('organisations.json'),
};

export const PROVIDER: ClientIdentity = { asid: '200000000118', ods: 'MHT01' };
export const CONSUMER: ClientIdentity = { asid: '200000000115', ods: 'AMS01', user: EXAMPLE_USER };
export const NHS_NUMBER = '9876543210';
export const SUBJECT = encodeURIComponent(patientUrl(NHS_NUMBER));

export interface RequestOptions {
  identity?: ClientIdentity;
  access?: 'read' | 'write';
  claims?: JwtClaims;
  /** Header changes: a value replaces (or adds) the header, undefined removes it. */
  headers?: Record<string, string | undefined>;
  body?: string;
  response?: RecordedResponse;
  trigger?: JudgedRequest['trigger'];
}

export function request(method: string, url: string, options: RequestOptions = {}): JudgedRequest {
  const identity = options.identity ?? PROVIDER;
  const access = options.access ?? (method === 'GET' ? 'read' : 'write');
  const headers: Record<string, string | undefined> = {
    Accept: 'application/fhir+json',
    ...nrlsHeaders(identity, { spineAsid: DIRECTORY.spineAsid, access, claims: options.claims }),
  };
  if (options.body !== undefined) headers['Content-Type'] = 'application/fhir+json';
  Object.assign(headers, options.headers);
  const recorded = Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined);
  const success = method === 'POST' ? { status: 201, spineCode: 'RESOURCE_CREATED' } : { status: 200 };
  return {
    request: { method, url, headers: recorded, body: options.body },
    response: options.response ?? { headers: {}, ...success },
    receivedAt: new Date().toISOString(),
    trigger: options.trigger,
  };
}

export function pointer(options: Partial<PointerOptions> = {}): Pointer {
  return buildPointer({ nhsNumber: NHS_NUMBER, custodian: PROVIDER.ods, ...options });
}

export const TARGET = { system: MASTER_IDENTIFIER_SYSTEM, value: 'urn:uuid:7c0fd5a5-8a8b-4c1d-9e57-5d0bdf1d3a11' };

/** A create of the pointer, changed by `change` first. */
export function create(change: (pointer: Pointer) => void = () => {}, options: RequestOptions = {}): JudgedRequest {
  const body = pointer();
  change(body);
  return request('POST', '/DocumentReference', { body: JSON.stringify(body), ...options });
}

export function supersede(change: (pointer: Pointer) => void = () => {}, options: RequestOptions = {}): JudgedRequest {
  const body = pointer({ replaces: TARGET });
  change(body);
  return request('POST', '/DocumentReference', { body: JSON.stringify(body), ...options });
}

export function search(query = `subject=${SUBJECT}`, options: RequestOptions = {}): JudgedRequest {
  return request('GET', `/DocumentReference?${query}`, { identity: CONSUMER, ...options });
}

export const CUSTODIAN_FILTER = `custodian.identifier=${encodeURIComponent(`${ODS_CODE_SYSTEM}|MHT01`)}`;
const MASTER_ID_TOKEN = encodeURIComponent(`${TARGET.system}|${TARGET.value}`);
export const MASTER_ID_QUERY = `subject=${SUBJECT}&identifier=${MASTER_ID_TOKEN}`;

export const judge = (exchange: JudgedRequest) => judgeRequest(exchange, DIRECTORY);

export const failedRules = (verdicts: RuleVerdict[]) =>
  verdicts.filter((verdict) => verdict.outcome === 'failed').map((verdict) => verdict.rule);

export const verdictOf = (verdicts: RuleVerdict[], rule: string) => verdicts.find((verdict) => verdict.rule === rule);
