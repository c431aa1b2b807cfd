// Every scenario starts with fresh data (the World is new), knows its requirement tags, knows whether a
// step is preparing the scenario (Given: setup) or acting and judging (When, Then), and must check every
// response it caused.
import { After, Before, BeforeStep, Status } from '@cucumber/cucumber';
import { describeExchange } from './support/fhir-read.ts';
import type { NrlsWorld } from './world.ts';

const REQUIREMENT_TAG = /^@(NRLS-[A-Z]+-\d{3})$/;

/** The Then steps that look at the target's state afterwards, rather than at the response (outcomes.steps.ts). */
const LOOK_AT_STATE = /^(the existing pointer is "|a search for the patient finds |the master identifier of the refused pointer is still free)/;

Before(function (this: NrlsWorld, { pickle }) {
  this.requirementTags = [...new Set(pickle.tags.map((tag) => REQUIREMENT_TAG.exec(tag.name)?.[1]).filter((id): id is string => !!id))];
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
    j.that({ name: 'every response checked', about: this.subject().about, kind: 'harness' }, false, 'every response the scenario caused to be checked by a step', `unchecked: ${unchecked.map(describeExchange).join('; ')}`),
  );
});
