// Then: what the response must be. Each check names the exchange it judged and gives expected against
// actual. Checks that need to look again (a search by id) send their own request and check it too.
import { Then } from '@cucumber/cucumber';
import type { WireFormat } from './support/formats.ts';
import { fail, readResource } from './support/fhir-checks.ts';
import { createdIdOf } from './support/location.ts';
import {
  expectDiagnostics,
  expectFormat,
  expectOutcome,
  expectSearchset,
  expectStatus,
  pointersOf,
  type Answered,
  type Outcome,
  type SearchsetPointer,
} from './support/outcome-checks.ts';
import { createRequest, searchRequest } from './support/requests.ts';
import { fillTemplate } from './support/templates.ts';
import type { NrlsWorld } from './world.ts';

const outcomes = new WeakMap<NrlsWorld, { exchange: Answered; outcome: Outcome }>();

function lastOutcome(world: NrlsWorld) {
  const found = outcomes.get(world);
  if (!found) throw new Error('scenario error: check "the response is a … <code>" before the diagnostics');
  return found;
}

Then('the response is a {int} {spineCode}', function (this: NrlsWorld, status: number, code: string) {
  const exchange = this.checkLastExchange();
  const outcome = expectOutcome(exchange, status, code);
  // NRLS-FMT-011: errors come in the negotiated format (a 415 may come as XML, per Spine Core).
  if (this.format !== 'none' && code !== 'UNSUPPORTED_MEDIA_TYPE') expectFormat(exchange, this.format);
  outcomes.set(this, { exchange, outcome });
  if (status === 201) this.created = { ...this.createdFrom(exchange) };
});

Then('the issue code is {string}', function (this: NrlsWorld, issueCode: string) {
  const { exchange, outcome } = lastOutcome(this);
  if (outcome.issue[0].code !== issueCode) fail(exchange, `issue code ${issueCode}`, `issue code ${outcome.issue[0].code}`);
});

Then('the diagnostics are {string}', function (this: NrlsWorld, text: string) {
  const { exchange, outcome } = lastOutcome(this);
  expectDiagnostics(exchange, outcome, fillTemplate(this, text), 'exactly');
});

Then('the diagnostics start with {string}', function (this: NrlsWorld, text: string) {
  const { exchange, outcome } = lastOutcome(this);
  expectDiagnostics(exchange, outcome, fillTemplate(this, text), 'start');
});

Then('the diagnostics mention {string}', function (this: NrlsWorld, text: string) {
  const { exchange, outcome } = lastOutcome(this);
  expectDiagnostics(exchange, outcome, fillTemplate(this, text), 'contain');
});

Then('the display is {string}', function (this: NrlsWorld, display: string) {
  const { exchange, outcome } = lastOutcome(this);
  const actual = outcome.issue[0].details?.coding?.[0]?.display;
  if (actual !== display) fail(exchange, `display "${display}"`, `display "${actual}"`);
});

Then('the coding system is {string}', function (this: NrlsWorld, system: string) {
  const { exchange, outcome } = lastOutcome(this);
  const actual = outcome.issue[0].details?.coding?.[0]?.system;
  if (actual !== system) fail(exchange, `coding system ${system}`, `coding system ${actual}`);
});

Then('the OperationOutcome claims the profile {string}', function (this: NrlsWorld, profile: string) {
  const { exchange, outcome } = lastOutcome(this);
  if (!outcome.meta?.profile?.includes(profile)) fail(exchange, `meta.profile ${profile}`, `meta.profile ${JSON.stringify(outcome.meta?.profile ?? null)}`);
});

Then('the response is in {format}', function (this: NrlsWorld, format: WireFormat) {
  const exchange = this.checkLastExchange();
  expectFormat(exchange, format);
  readResource(exchange);
});

Then('the response is not a success', function (this: NrlsWorld) {
  const exchange = this.checkLastExchange();
  if (exchange.response.status < 300) fail(exchange, 'a refusal (not 2xx)', `HTTP ${exchange.response.status}`);
});

Then('the response is a {int} OperationOutcome with issue code {string}', function (this: NrlsWorld, status: number, issueCode: string) {
  const exchange = this.checkLastExchange();
  expectStatus(exchange, status);
  const outcome = readResource(exchange) as Outcome;
  if (outcome.resourceType !== 'OperationOutcome') fail(exchange, 'an OperationOutcome', `a ${outcome.resourceType}`);
  if (outcome.issue?.[0]?.code !== issueCode) fail(exchange, `issue code ${issueCode}`, `issue code ${outcome.issue?.[0]?.code}`);
});

Then('the Location header identifies the new pointer', async function (this: NrlsWorld) {
  const exchange = this.exchanges.find((candidate) => candidate === outcomes.get(this)?.exchange) ?? this.lastExchange();
  const id = createdIdOf(exchange);
  const location = new URL(exchange.response!.headers.location!);
  const base = new URL(this.target.baseUrl);
  if (location.host !== base.host || location.pathname !== `${base.pathname.replace(/\/$/, '')}/DocumentReference`) {
    fail(exchange, `a Location under the service base ${this.target.baseUrl}/DocumentReference`, location.href);
  }
  await findById(this, id, 'follow the Location');
});

async function findById(world: NrlsWorld, id: string, purpose: string): Promise<SearchsetPointer> {
  const exchange = await world.send(world.buildRequest(searchRequest([['_id', id]]), world.actor === 'consumer' ? 'consumer' : 'provider', 'json'), purpose);
  const answered = world.checkLastExchange();
  const bundle = expectSearchset(answered);
  const [pointer] = pointersOf(bundle);
  if (bundle.total !== 1 || pointer?.id !== id) fail(exchange, `exactly the pointer ${id}`, `${bundle.total} pointers: ${pointersOf(bundle).map((p) => p.id).join(', ')}`);
  return pointer!;
}

Then('a search by its id finds it at version {int} with status {string}', async function (this: NrlsWorld, version: number, status: string) {
  const pointer = await findById(this, this.created!.id, 'search the new pointer by id');
  expectVersionAndStatus(this, pointer, version, status);
});

Then('a search by its id finds it as it was sent', async function (this: NrlsWorld) {
  const pointer = await findById(this, this.created!.id, 'search the new pointer by id');
  const { meta: _meta, id: _id, ...stored } = pointer;
  const { meta: _sentMeta, id: _sentId, ...sent } = this.pointer!;
  if (JSON.stringify(sortKeys(stored)) !== JSON.stringify(sortKeys(sent))) {
    fail(this.lastExchange(), `the pointer as sent: ${JSON.stringify(sent).slice(0, 600)}`, JSON.stringify(stored).slice(0, 600));
  }
});

Then('the existing pointer is {string} at version {int}', async function (this: NrlsWorld, status: string, version: number) {
  const pointer = await findById(this, this.existing!.id, 'search the existing pointer by id');
  expectVersionAndStatus(this, pointer, version, status);
});

function expectVersionAndStatus(world: NrlsWorld, pointer: SearchsetPointer, version: number, status: string): void {
  if (pointer.meta.versionId !== String(version)) fail(world.lastExchange(), `meta.versionId ${version}`, `meta.versionId ${pointer.meta.versionId}`);
  if (pointer.status !== status) fail(world.lastExchange(), `status ${status}`, `status ${pointer.status}`);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sortKeys(v)]));
  return value;
}

Then('the response is a searchset Bundle of {int} pointer(s)', function (this: NrlsWorld, count: number) {
  const exchange = this.checkLastExchange();
  const bundle = expectSearchset(exchange);
  if (bundle.total !== count) fail(exchange, `total ${count}`, `total ${bundle.total}`);
  if (this.format !== 'none') expectFormat(exchange, this.format);
  this.lastBundle = pointersOf(bundle);
});

Then('the response is a count of {int} with no entries', function (this: NrlsWorld, count: number) {
  const exchange = this.checkLastExchange();
  const bundle = expectSearchset(exchange, true);
  if (bundle.total !== count) fail(exchange, `total ${count}`, `total ${bundle.total}`);
});

Then('the Bundle holds exactly the pointers created for the patient', function (this: NrlsWorld) {
  expectIds(this, this.existingPointers.map((pointer) => pointer.id));
});

Then('the Bundle holds only the pointer of the {actor}', function (this: NrlsWorld, role: string) {
  expectIds(this, this.existingPointers.filter((pointer) => pointer.owner === role).map((pointer) => pointer.id));
});

Then('the Bundle holds the existing pointer with status {string}', function (this: NrlsWorld, status: string) {
  const found = this.lastBundle?.find((pointer) => pointer.id === this.existing!.id);
  if (!found) fail(this.lastExchange(), `the pointer ${this.existing!.id}`, 'no such entry');
  if (found.status !== status) fail(this.lastExchange(), `status ${status}`, `status ${found.status}`);
});

function expectIds(world: NrlsWorld, expected: string[]): void {
  const actual = (world.lastBundle ?? []).map((pointer) => pointer.id).sort();
  if (JSON.stringify(actual) !== JSON.stringify([...expected].sort())) fail(world.lastExchange(), `pointers ${[...expected].sort().join(', ')}`, `pointers ${actual.join(', ') || '(none)'}`);
}

Then('the master identifier of the refused pointer is still free', async function (this: NrlsWorld) {
  // The refused request left nothing behind (NRLS-SUPERSEDE-003): the same pointer, with no relatesTo, is accepted.
  const { relatesTo: _relatesTo, ...plain } = this.pointer!;
  await this.setUp(createRequest(plain, 'json'), 'create the refused pointer without relatesTo', 201, this.actor);
});

Then('the new pointer\'s id is not {string}', function (this: NrlsWorld, id: string) {
  if (this.created!.id === id) fail(this.lastExchange(), `a server-assigned id, not ${id}`, this.created!.id);
});

Then('a search by its id finds it with the NRLS profile and a recent lastUpdated', async function (this: NrlsWorld) {
  const pointer = await findById(this, this.created!.id, 'search the new pointer by id');
  const profile = 'https://fhir.nhs.uk/STU3/StructureDefinition/NRLS-DocumentReference-1';
  if (!pointer.meta.profile?.includes(profile)) fail(this.lastExchange(), `meta.profile ${profile}`, JSON.stringify(pointer.meta.profile ?? null));
  const updated = Date.parse(pointer.meta.lastUpdated ?? '');
  if (!(Math.abs(Date.now() - updated) < 10 * 60_000)) fail(this.lastExchange(), 'meta.lastUpdated within ten minutes of now', String(pointer.meta.lastUpdated));
});

Then('a search for the patient finds {int} pointer(s)', async function (this: NrlsWorld, count: number) {
  await this.send(this.buildRequest(searchRequest([['subject', this.subjectOf(this.patient!)]]), 'consumer', 'json'), 'search for the patient');
  const exchange = this.checkLastExchange();
  const bundle = expectSearchset(exchange);
  if (bundle.total !== count) fail(exchange, `${count} pointer(s)`, `${bundle.total}`);
});

Then('only the newest pointer of the lineage is current, each older one superseded at version 2', function (this: NrlsWorld) {
  const found = new Map((this.lastBundle ?? []).map((pointer) => [pointer.id, pointer]));
  this.existingPointers.forEach((made, at) => {
    const pointer = found.get(made.id);
    if (!pointer) fail(this.lastExchange(), `pointer ${made.id} of the lineage`, 'missing from the Bundle');
    const newest = at === this.existingPointers.length - 1;
    const [status, version] = newest ? ['current', '1'] : ['superseded', '2'];
    if (pointer.status !== status || pointer.meta.versionId !== version) {
      fail(this.lastExchange(), `pointer ${at + 1} ${status} at version ${version}`, `${pointer.status} at version ${pointer.meta.versionId}`);
    }
  });
});

Then('each pointer of the lineage names its predecessor in relatesTo', function (this: NrlsWorld) {
  const found = new Map((this.lastBundle ?? []).map((pointer) => [pointer.id, pointer]));
  this.existingPointers.slice(1).forEach((made, at) => {
    const predecessor = this.existingPointers[at]!.masterIdentifier;
    const relation = found.get(made.id)?.relatesTo?.[0];
    const target = relation?.target?.identifier;
    if (relation?.code !== 'replaces' || target?.system !== predecessor?.system || target?.value !== predecessor?.value) {
      fail(this.lastExchange(), `pointer ${at + 2} replacing ${predecessor?.value}`, JSON.stringify(relation ?? null));
    }
  });
});

Then('the new pointer\'s id has the form of the guide\'s ids', function (this: NrlsWorld) {
  // NRLS-GEN-004: `<UUID>-<20 digits>`; clients must not rely on it, but the mock follows it.
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-\d{20}$/.test(this.created!.id)) {
    fail(this.lastExchange(), 'an id of the form <UUID>-<20 digits>', this.created!.id);
  }
});

Then('the pointers created for the patient have distinct logical ids', function (this: NrlsWorld) {
  // NRLS-GEN-003, NRLS-ID-002: the logical id is unique within the NRLS instance.
  const ids = this.existingPointers.map((pointer) => pointer.id);
  if (new Set(ids).size !== ids.length) fail(this.lastExchange(), `distinct logical ids`, ids.join(', '));
});

Then('the Bundle holds only the pointer created first', function (this: NrlsWorld) {
  expectIds(this, [this.existingPointers[0]!.id]);
});
