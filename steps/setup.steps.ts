// Given: who acts, the pointer under test, and data made through the API. Setup requests are valid
// (the scenario's one defect is kept for its own request) and must succeed.
import { Given } from '@cucumber/cucumber';
import { buildPointer, uniqueMasterIdentifier } from '../src/domain/pointer-builder.ts';
import type { Pointer } from '../src/domain/pointer.ts';
import { applyDefect, type PointerDefect } from './support/defects.ts';
import { createValid, deleteValid, findById, lookUp } from './support/interactions.ts';
import type { Patient } from './support/named-values.ts';
import type { RequestDefect } from './support/request-defects.ts';
import type { ActorRole, NrlsWorld } from './world.ts';

/** The custodian a pointer gets: the acting provider's own ODS code (a consumer borrows the provider's). */
function ownOds(world: NrlsWorld, role: ActorRole = world.actor): string {
  return world.identity(role === 'consumer' ? 'provider' : role).ods;
}

function pointerFor(
  world: NrlsWorld,
  nhsNumber: string,
  role: ActorRole = world.actor,
  extra: Partial<Parameters<typeof buildPointer>[0]> = {},
): Pointer {
  return buildPointer({
    nhsNumber,
    custodian: ownOds(world, role),
    author: world.target.organisations.author,
    ...extra,
  });
}

/** Creates a pointer through the API and remembers it as the scenario's existing pointer. */
async function createExisting(
  world: NrlsWorld,
  role: ActorRole,
  nhsNumber: string,
  purpose: string,
  pointer = pointerFor(world, nhsNumber, role),
) {
  const id = await createValid(world, pointer, role, purpose);
  world.existing = { id, nhsNumber, masterIdentifier: pointer.masterIdentifier, pointer, owner: role };
  world.existingPointers.push(world.existing);
  world.patient = nhsNumber;
}

Given('the {actor} is acting', function (this: NrlsWorld, actor: ActorRole) {
  this.actor = actor;
});

Given('the client asks for {format}', function (this: NrlsWorld, format: 'json' | 'xml') {
  this.format = format;
});

Given('the client names no format', function (this: NrlsWorld) {
  this.format = 'none';
});

Given('a valid pointer for a new patient', function (this: NrlsWorld) {
  this.patient = this.newPatient();
  this.pointer = pointerFor(this, this.patient);
});

Given('it has {defect}', function (this: NrlsWorld, defect: PointerDefect) {
  this.pointer = applyDefect(this.pointer!, defect, this.target);
});

Given('the request has {requestDefect}', function (this: NrlsWorld, defect: RequestDefect) {
  this.requestChanges.push((draft) => defect.apply(draft, this.target));
});

Given('a known patient with no pointers', function (this: NrlsWorld) {
  this.patient = this.target.patients.knownWithoutPointers;
});

Given('a patient unknown to NRLS', function (this: NrlsWorld) {
  this.patient = this.target.patients.unknown;
});

/** The NHS number of a patient a setup step names (support/named-values.ts, PATIENTS). */
const PATIENT_NUMBERS: Record<Patient, (world: NrlsWorld) => string> = {
  'a new patient': (world) => world.newPatient(),
  'that patient': (world) => world.patient!,
  // Scenarios that write to this patient are tagged @known-patient: no two run at once (steps/hooks.ts).
  'the known patient with no pointers': (world) => world.target.patients.knownWithoutPointers,
};

Given(
  'the {actor} has created a pointer for {patient}',
  async function (this: NrlsWorld, role: ActorRole, patient: Patient) {
    await createExisting(this, role, PATIENT_NUMBERS[patient](this), `create a pointer for ${patient}`);
  },
);

Given('a patient for new pointers, whose pointers have been counted', async function (this: NrlsWorld) {
  this.patient = this.newPatient();
  // A fresh patient has no pointer yet; a profile's test patient may have some (from other scenarios or runs).
  this.countBefore =
    this.target.patients.forNewPointers === 'generate'
      ? 0
      : (
          await lookUp(this, [['subject', this.subjectOf(this.patient)]], "count the patient's pointers", [
            'NRLS-SEARCH-002',
            'NRLS-SEARCH-017',
          ])
        ).total;
});

Given('a replacement for that pointer', function (this: NrlsWorld) {
  const existing = this.existing!;
  this.patient = existing.nhsNumber;
  this.pointer = pointerFor(this, existing.nhsNumber, this.actor, { replaces: existing.masterIdentifier });
});

Given('a replacement for that pointer that reuses its master identifier', function (this: NrlsWorld) {
  const existing = this.existing!;
  this.pointer = pointerFor(this, existing.nhsNumber, this.actor, {
    replaces: existing.masterIdentifier,
    masterIdentifier: existing.masterIdentifier,
  });
});

Given('a replacement naming a master identifier no pointer of that patient has', function (this: NrlsWorld) {
  this.pointer = pointerFor(this, this.existing!.nhsNumber, this.actor, { replaces: uniqueMasterIdentifier() });
});

Given('a replacement for that pointer made for another patient', function (this: NrlsWorld) {
  this.pointer = pointerFor(this, this.newPatient(this.existing!.nhsNumber), this.actor, {
    replaces: this.existing!.masterIdentifier,
  });
});

Given(
  'the replacement also relates to an unknown pointer with code {string}',
  function (this: NrlsWorld, code: string) {
    this.pointer!.relatesTo!.push({ code, target: { identifier: uniqueMasterIdentifier() } });
  },
);

Given('the relationship is {string} instead of replaces', function (this: NrlsWorld, code: string) {
  this.pointer!.relatesTo![0]!.code = code;
});

Given('that pointer has been superseded', async function (this: NrlsWorld) {
  const existing = this.existing!;
  const replacement = pointerFor(this, existing.nhsNumber, existing.owner, { replaces: existing.masterIdentifier });
  await createValid(this, replacement, existing.owner, 'supersede the pointer');
  // The scenario rests on the pointer now being superseded (NRLS-SUPERSEDE-002/003): a look makes sure.
  const about = ['NRLS-SUPERSEDE-002', 'NRLS-SUPERSEDE-003'];
  const pointer = await findById(this, existing.id, 'look at the superseded pointer', ['NRLS-SEARCH-007']);
  await this.judge((j) =>
    j.that(
      { name: 'the pointer superseded', about },
      pointer.status === 'superseded',
      'status superseded',
      `status ${pointer.status}`,
    ),
  );
});

Given('that pointer has been deleted', async function (this: NrlsWorld) {
  await deleteValid(this, this.existing!.id, this.existing!.owner, 'delete the pointer');
});

Given("a valid pointer for that patient with the existing pointer's master identifier", function (this: NrlsWorld) {
  this.pointer = pointerFor(this, this.existing!.nhsNumber, this.actor, {
    masterIdentifier: this.existing!.masterIdentifier,
  });
});

Given('it carries its own id {string}', function (this: NrlsWorld, id: string) {
  this.pointer = { ...this.pointer!, id };
});

Given('it carries its own version {string}', function (this: NrlsWorld, version: string) {
  this.pointer = { ...this.pointer!, meta: { ...this.pointer!.meta, versionId: version } };
});

Given(
  'its master identifier is {string} in the system {string}',
  function (this: NrlsWorld, value: string, system: string) {
    this.pointer!.masterIdentifier = { system, value };
  },
);

Given('its record has the content type {string}', function (this: NrlsWorld, contentType: string) {
  this.pointer!.content![0]!.attachment!.contentType = contentType;
});

Given('its record type display is {string}', function (this: NrlsWorld, display: string) {
  this.pointer!.type!.coding![0]!.display = display;
});

Given('it carries a description, a class, a context and an extension', function (this: NrlsWorld) {
  Object.assign(this.pointer!, {
    description: 'Crisis plan agreed with the patient',
    class: { coding: [{ system: 'http://snomed.info/sct', code: '734163000', display: 'Care plan' }] },
    context: { period: { start: '2018-09-01' }, practiceSetting: { text: 'Mental health' } },
    extension: [{ url: 'https://provider.example.nhs.uk/StructureDefinition/review-due', valueDate: '2019-03-01' }],
  });
});

Given('a lineage of {int} pointers for a new patient', async function (this: NrlsWorld, length: number) {
  await createExisting(this, this.actor, this.newPatient(), 'create the first pointer of the lineage');
  for (let link = 2; link <= length; link++) {
    const previous = this.existing!;
    const pointer = pointerFor(this, previous.nhsNumber, this.actor, { replaces: previous.masterIdentifier });
    await createExisting(this, this.actor, previous.nhsNumber, `supersede pointer ${link - 1} of the lineage`, pointer);
  }
});

Given(
  "the provider has created a pointer of the target's second record type for that patient",
  async function (this: NrlsWorld) {
    const recordType = this.target.recordTypes[1];
    if (!recordType)
      throw new Error(
        'scenario error: the target profile names no second record type (this scenario is tagged @two-record-types)',
      );
    await createExisting(
      this,
      'provider',
      this.patient!,
      'create a pointer of the second record type',
      pointerFor(this, this.patient!, 'provider', { recordType }),
    );
  },
);
