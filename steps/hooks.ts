// Every scenario starts with fresh data (the World is new), knows its requirement tags, knows whether a
// step is preparing the scenario (Given: setup) or acting and judging (When, Then), must check every
// response it caused, and deletes what it created, as its owner, whatever its outcome.
import { After, Before, BeforeStep, Status, parallelCanAssignHelpers, setParallelCanAssign } from '@cucumber/cucumber';
import { CLEANUP_MEDIA_TYPE, type CleanupRecord } from '../src/report/check.ts';
import { describeExchange, summariseResponse, type Answered } from './support/fhir-read.ts';
import { deleteByIdRequest } from './support/requests.ts';
import { unknownNameIn } from './support/named-values.ts';
import type { NrlsWorld } from './world.ts';

// The scenarios that write to the profile's known patient with no pointers never run at once with each
// other (--parallel): one of them expects that patient to have no pointer.
setParallelCanAssign(parallelCanAssignHelpers.atMostOnePicklePerTag(['@known-patient']));

const REQUIREMENT_TAG = /^@(NRLS-[A-Z]+-\d{3})$/;

/** The Then steps that look at the target's state afterwards, rather than at the response (outcomes.steps.ts). */
const LOOK_AT_STATE = new RegExp(
  '^(the existing pointer is "|a search for the patient (still |no longer )?finds the (new )?pointer' +
    '|the master identifier of the refused pointer is still free)',
);

Before(function (this: NrlsWorld, { pickle }) {
  // A step naming a defect, body, search or deletion no catalogue has is undefined: say which names there are.
  const unknown = pickle.steps.map((step) => unknownNameIn(step.text)).filter((reason) => reason !== undefined);
  if (unknown.length > 0) throw new Error(`scenario error: ${unknown.join('\n')}`);
  this.requirementTags = [
    ...new Set(pickle.tags.map((tag) => REQUIREMENT_TAG.exec(tag.name)?.[1]).filter((id): id is string => !!id)),
  ];
  this.looksAtState = pickle.steps.some((step) => step.type === 'Outcome' && LOOK_AT_STATE.test(step.text));
});

BeforeStep(function (this: NrlsWorld, { pickleStep }) {
  // Given (and its And/But) prepares; When acts; Then judges. A setup failure blocks the scenario.
  this.stage = pickleStep.type === 'Context' ? 'setup' : 'scenario';
});

After(async function (this: NrlsWorld, { result }) {
  if (result?.status !== Status.PASSED) return;
  const unchecked = this.uncheckedExchanges();
  if (unchecked.length === 0) return;
  // A scenario-writing defect, not the target's: the scenario is broken.
  await this.judge((j) =>
    j.that(
      { name: 'every response checked', about: this.subject().about, kind: 'harness' },
      false,
      'every response the scenario caused to be checked by a step',
      `unchecked: ${unchecked.map(describeExchange).join('; ')}`,
    ),
  );
});

// Cleanup, as the owner of each pointer the scenario created (newest first), also when it failed. The
// exchanges are evidence on the hook, never judged; what could not be deleted is recorded for the report.
After(async function (this: NrlsWorld) {
  if (this.madePointers.length === 0) return;
  const record: CleanupRecord = { deleted: [], left: [] };
  const seen = new Set<string>();
  for (const { id, owner } of [...this.madePointers].reverse()) {
    if (seen.has(id)) continue;
    seen.add(id);
    const exchange = await this.sendUnjudged(
      this.buildRequest(deleteByIdRequest(id), owner, 'json', []),
      `cleanup: delete pointer ${id} as the ${owner}`,
    );
    const status = exchange.response?.status;
    // Gone either way: deleted now, or already (the scenario deleted it, or the target never kept it).
    if (status !== undefined && ((status >= 200 && status < 300) || status === 404)) record.deleted.push(id);
    else
      record.left.push({
        id,
        owner,
        reason: exchange.response
          ? summariseResponse(exchange as Answered)
          : `${exchange.error?.kind} error: ${exchange.error?.message}`,
      });
  }
  this.attach(JSON.stringify(record), CLEANUP_MEDIA_TYPE);
});
