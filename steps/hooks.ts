// Every scenario starts with fresh data (the World is new) and must check every response it caused.
import { After, Status } from '@cucumber/cucumber';
import type { NrlsWorld } from './world.ts';
import { describeExchange } from './support/fhir-checks.ts';

After(function (this: NrlsWorld, { result }) {
  if (result?.status !== Status.PASSED) return;
  const unchecked = this.uncheckedExchanges();
  if (unchecked.length > 0) {
    // A scenario-writing defect, not the target's: reported as broken.
    throw new Error(
      `the scenario made requests whose responses no step checked: ${unchecked.map(describeExchange).join('; ')}`,
    );
  }
});
