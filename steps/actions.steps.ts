// When: one step per interaction, in the spec's words. Each sends one request as the identity the step
// names (its ASID, JWT claims and ODS code on the wire), with the scenario's one defect if any, and records
// the exchange as evidence of this step.
import { When } from '@cucumber/cucumber';
import type { BodyVariant } from './support/bodies.ts';
import type { WireFormat } from './support/formats.ts';
import { bodyRequest, COLLECTION, createRequest, searchRequest } from './support/requests.ts';
import type { NamedDeletion, NamedSearch } from './support/searches.ts';
import type { ActorRole, NrlsWorld } from './world.ts';

function creates(world: NrlsWorld, format: WireFormat = world.format === 'xml' ? 'xml' : 'json') {
  const accept = world.format === 'none' ? 'none' : format;
  return world.act(createRequest(world.pointer!, format), 'create the pointer', accept);
}

const subject = (world: NrlsWorld): [string, string] => ['subject', world.subjectOf(world.patient!)];
const pointerId = (world: NrlsWorld) => world.existing!.id;
/** The Accept header a scenario names, in place of the one its format gives. */
const accepting = (world: NrlsWorld, accept: string) =>
  world.requestChanges.push((draft) => (draft.spec.headers.Accept = accept));

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

// A search the scenario names (support/searches.ts); some send one search for each of several pointers.
When('the {actor} searches {search}', async function (this: NrlsWorld, actor: ActorRole, search: NamedSearch) {
  this.actor = actor;
  if (search.format) this.format = search.format;
  for (const query of search.queries(this)) await this.act(searchRequest(query), `search ${search.name}`);
});

When('the {actor} deletes {deletion}', async function (this: NrlsWorld, actor: ActorRole, deletion: NamedDeletion) {
  this.actor = actor;
  await this.act({ method: 'DELETE', path: COLLECTION, query: deletion.query(this) }, `delete ${deletion.name}`);
});

// Content negotiation (§1.6): the Accept header and the _format parameter as the scenario writes them.
When(
  'the {actor} searches for the patient accepting {string}',
  async function (this: NrlsWorld, actor: ActorRole, accept: string) {
    this.actor = actor;
    accepting(this, accept);
    await this.act(searchRequest([subject(this)]), `search accepting ${accept}`, 'none');
  },
);

When(
  'the {actor} searches for the patient with _format {string}',
  async function (this: NrlsWorld, actor: ActorRole, format: string) {
    this.actor = actor;
    await this.act(searchRequest([subject(this), ['_format', format]]), `search with _format=${format}`, 'none');
  },
);

When(
  'the {actor} searches for the patient accepting {string} with _format {string}',
  async function (this: NrlsWorld, actor: ActorRole, accept: string, format: string) {
    this.actor = actor;
    accepting(this, accept);
    const purpose = `search accepting ${accept} with _format=${format}`;
    await this.act(searchRequest([subject(this), ['_format', format]]), purpose, 'none');
  },
);

// Operations NRLS 1.2.x does not have (§2.5)
const UNSUPPORTED: [string, (world: NrlsWorld) => Parameters<NrlsWorld['act']>[0]][] = [
  ['reads the pointer at its own URL', (w) => ({ method: 'GET', path: `${COLLECTION}/${pointerId(w)}` })],
  [
    'updates the pointer with PUT',
    (w) => ({
      method: 'PUT',
      path: `${COLLECTION}/${pointerId(w)}`,
      body: JSON.stringify({ ...w.existing!.pointer, id: pointerId(w), status: 'entered-in-error' }),
      contentType: 'application/fhir+json',
    }),
  ],
  [
    'patches the pointer',
    (w) => ({
      method: 'PATCH',
      path: `${COLLECTION}/${pointerId(w)}`,
      body: '[{"op":"replace","path":"/status","value":"entered-in-error"}]',
      contentType: 'application/json-patch+json',
    }),
  ],
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
