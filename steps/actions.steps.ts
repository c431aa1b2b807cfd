// When: one step per interaction, in the spec's words. Each sends one request as the identity the step
// names (its ASID, JWT claims and ODS code on the wire), with the scenario's one defect if any, and records
// the exchange as evidence of this step.
import { When } from '@cucumber/cucumber';
import type { BodyVariant } from './support/bodies.ts';
import type { WireFormat } from './support/formats.ts';
import { bodyRequest, COLLECTION, createRequest, deleteByIdRequest, deleteByMasterIdentifierRequest, searchRequest } from './support/requests.ts';
import { fillTemplate } from './support/templates.ts';
import type { ActorRole, NrlsWorld } from './world.ts';

function creates(world: NrlsWorld, format: WireFormat = world.format === 'xml' ? 'xml' : 'json') {
  return world.act(createRequest(world.pointer!, format), 'create the pointer', world.format === 'none' ? 'none' : format);
}

/** `name=value&…` from a scenario, with `{placeholders}` filled; `|` is sent as %7C (NRLS-GEN-005). */
function queryFrom(world: NrlsWorld, template: string): [string, string][] {
  return fillTemplate(world, template)
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const at = pair.indexOf('=');
      return at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
    });
}

const subject = (world: NrlsWorld): [string, string] => ['subject', world.subjectOf(world.patient!)];
const pointerId = (world: NrlsWorld) => world.existing!.id;

When('the {actor} creates it', async function (this: NrlsWorld, actor: ActorRole) {
  this.actor = actor;
  await creates(this);
});

When('the {actor} creates it in {format}', async function (this: NrlsWorld, actor: ActorRole, format: WireFormat) {
  this.actor = actor;
  this.format = format;
  await creates(this, format);
});

When('the {actor} creates the replacement', async function (this: NrlsWorld, actor: ActorRole) {
  this.actor = actor;
  await creates(this);
});

When('the {actor} sends {bodyVariant}', async function (this: NrlsWorld, actor: ActorRole, variant: BodyVariant) {
  this.actor = actor;
  await this.act(bodyRequest(variant.build(this.pointer!)), `create with ${variant.name}`);
});

When('the {actor} searches for the patient', async function (this: NrlsWorld, actor: ActorRole) {
  this.actor = actor;
  await this.act(searchRequest([subject(this)]), 'search for the patient');
});

When('the {actor} searches for the patient in {format}', async function (this: NrlsWorld, actor: ActorRole, format: WireFormat) {
  this.actor = actor;
  this.format = format;
  await this.act(searchRequest([subject(this)]), 'search for the patient', format);
});

When('the {actor} searches for the patient with {string}', async function (this: NrlsWorld, actor: ActorRole, extra: string) {
  this.actor = actor;
  await this.act(searchRequest([subject(this), ...queryFrom(this, extra)]), `search for the patient with ${extra}`);
});

When('the {actor} counts the patient\'s pointers', async function (this: NrlsWorld, actor: ActorRole) {
  this.actor = actor;
  await this.act(searchRequest([subject(this), ['_summary', 'count']]), 'count the patient\'s pointers');
});

When('the {actor} searches with {string}', async function (this: NrlsWorld, actor: ActorRole, query: string) {
  this.actor = actor;
  await this.act(searchRequest(queryFrom(this, query)), `search with ${query}`);
});

When('the {actor} searches by the pointer\'s id', async function (this: NrlsWorld, actor: ActorRole) {
  this.actor = actor;
  await this.act(searchRequest([['_id', pointerId(this)]]), 'search by logical id');
});

When('the {actor} searches for each pointer of the lineage by its id', async function (this: NrlsWorld, actor: ActorRole) {
  this.actor = actor;
  for (const [at, pointer] of this.existingPointers.entries()) {
    await this.act(searchRequest([['_id', pointer.id]]), `search pointer ${at + 1} of the lineage by id`);
  }
});

When('the {actor} deletes the pointer by its id', async function (this: NrlsWorld, actor: ActorRole) {
  this.actor = actor;
  await this.act(deleteByIdRequest(this.existing!.id), 'delete the pointer by logical id');
});

When('the {actor} deletes the pointer by its master identifier', async function (this: NrlsWorld, actor: ActorRole) {
  this.actor = actor;
  const existing = this.existing!;
  await this.act(deleteByMasterIdentifierRequest(this.subjectOf(existing.nhsNumber), existing.masterIdentifier!), 'delete the pointer by master identifier');
});

When('the {actor} deletes with {string}', async function (this: NrlsWorld, actor: ActorRole, query: string) {
  this.actor = actor;
  await this.act({ method: 'DELETE', path: COLLECTION, query: queryFrom(this, query) }, `delete with ${query}`);
});

When('the {actor} searches for the patient accepting {string}', async function (this: NrlsWorld, actor: ActorRole, accept: string) {
  this.actor = actor;
  this.requestChanges.push((draft) => (draft.spec.headers.Accept = accept));
  await this.act(searchRequest([subject(this)]), `search accepting ${accept}`, 'none');
});

When('the {actor} searches for the patient with _format {string}', async function (this: NrlsWorld, actor: ActorRole, format: string) {
  this.actor = actor;
  await this.act(searchRequest([subject(this), ['_format', format]]), `search with _format=${format}`, 'none');
});

When('the {actor} searches for the patient accepting {string} with _format {string}', async function (this: NrlsWorld, actor: ActorRole, accept: string, format: string) {
  this.actor = actor;
  this.requestChanges.push((draft) => (draft.spec.headers.Accept = accept));
  await this.act(searchRequest([subject(this), ['_format', format]]), `search accepting ${accept} with _format=${format}`, 'none');
});

// Operations NRLS 1.2.x does not have (§2.5)
const UNSUPPORTED: [string, (world: NrlsWorld) => Parameters<NrlsWorld['act']>[0]][] = [
  ['reads the pointer at its own URL', (w) => ({ method: 'GET', path: `${COLLECTION}/${pointerId(w)}` })],
  ['updates the pointer with PUT', (w) => ({ method: 'PUT', path: `${COLLECTION}/${pointerId(w)}`, body: JSON.stringify({ ...w.existing!.pointer, id: pointerId(w), status: 'entered-in-error' }), contentType: 'application/fhir+json' })],
  ['patches the pointer', (w) => ({ method: 'PATCH', path: `${COLLECTION}/${pointerId(w)}`, body: '[{"op":"replace","path":"/status","value":"entered-in-error"}]', contentType: 'application/json-patch+json' })],
  ['deletes the pointer at its own URL', (w) => ({ method: 'DELETE', path: `${COLLECTION}/${pointerId(w)}` })],
  ['asks for the capability statement', () => ({ method: 'GET', path: '/metadata' })],
  ['searches another resource type', () => ({ method: 'GET', path: '/Patient' })],
];
for (const [action, shape] of UNSUPPORTED) {
  When(`the {actor} ${action}`, async function (this: NrlsWorld, actor: ActorRole) {
  this.actor = actor;
    await this.act(shape(this), action);
  });
}
