// The client scenarios' steps (features/client/): Given arranges the patient, a pointer or a trigger; When
// makes the system under test act through its driver; Then judges what the mock received and what the
// system reported (support/client-checks.ts). Steps speak of "the system": the feature says which role.
import { Before, Given, Then, When } from '@cucumber/cucumber';
import { runAction, type DriverActionName } from '../../src/client-assurance/driver.ts';
import { nhsNumberSequence } from '../../src/domain/nhs-number.ts';
import { uniqueMasterIdentifier } from '../../src/domain/pointer-builder.ts';
import type { CheckRecord } from '../../src/report/check.ts';
import {
  SENT_AS,
  SPINE_ERROR_ROW,
  SUCCESS_IS,
  type ClientAction,
  bundleTotal,
  describeExchange,
  handlingChecks,
  interactionOf,
  sentChecks,
  verdictChecks,
} from './support/client-checks.ts';
import { latestSeq, settledExchanges, systemExchangesAfter } from './support/inspector.ts';
import { idFromLocation, searchById, seedPointer, type MockConnection } from './support/mock-requests.ts';
import { type ClientWorld, harnessProvider } from './world.ts';

/** Fresh patients across the process, as in the server suite (steps/world.ts). */
const freshPatient = nhsNumberSequence();
/** Driver actions and manual waits bound these steps; Cucumber's own 5 s default would cut them short. */
const ACTING = { timeout: 15 * 60_000 };
/** How long after the action the mock may still be completing an exchange (beyond a slow trigger's delay). */
const SETTLE_MS = 2_000;

const mockOf = (world: ClientWorld): MockConnection => ({
  baseUrl: world.baseUrl,
  spineAsid: world.parameters.spineAsid,
  as: harnessProvider(world.driver.system.asid),
});

function freshPointerValues(world: ClientWorld): void {
  const master = uniqueMasterIdentifier();
  world.values.masterIdentifierSystem = master.system;
  world.values.masterIdentifierValue = master.value;
}

Before(function (this: ClientWorld) {
  this.stage = 'setup';
});

Given('a patient with no pointers', function (this: ClientWorld) {
  this.values.nhsNumber = freshPatient();
  freshPointerValues(this);
});

Given('the mock holds a pointer for the patient, from another provider', async function (this: ClientWorld) {
  const exchange = await seedPointer(mockOf(this), this.values.nhsNumber!);
  this.attach(JSON.stringify(exchange), 'application/vnd.nrls.exchange+json');
  const status = exchange.response?.status;
  if (status !== 201) throw new Error(`the mock did not take the seed pointer: ${status ?? exchange.error?.message}`);
});

function arm(world: ClientWorld, ids: string[]): void {
  freshPointerValues(world);
  // A pointer to act on that the trigger names: by id, or by the patient and a master identifier (§2.4).
  world.values.targetMasterIdentifierValue = uniqueMasterIdentifier().value;
  for (const id of ids) {
    const trigger = world.triggerNamed(id);
    world.armed.push(trigger);
    world.trigger ??= trigger;
    if (trigger.nhsNumber) world.values.nhsNumber = trigger.nhsNumber;
    if (trigger.pointerId) world.values.pointerId = trigger.pointerId;
  }
}

Given('the mock is armed with the trigger {string}', function (this: ClientWorld, id: string) {
  arm(this, [id]);
});

// The system chooses the form of its request (a delete by id or by master identifier): one trigger each.
Given('the mock is armed with the triggers {string} and {string}', function (this: ClientWorld, a: string, b: string) {
  arm(this, [a, b]);
});

async function act(world: ClientWorld, action: ClientAction): Promise<void> {
  const trigger = world.trigger;
  if (trigger && !world.armed.some((armed) => armed.interactions.includes(action)))
    throw new Error(`the trigger "${trigger.id}" is for ${trigger.interactions.join(', ')}, not ${action}`);
  if (!world.driver.actions[action as DriverActionName])
    throw new Error(`the driver ${world.driver.file} has no "${action}" action: this scenario needs one`);
  const asid = world.driver.system.asid;
  const harness = harnessProvider(asid).asid;
  world.action = action;
  world.startSeq = await latestSeq(world.baseUrl);
  world.result = await runAction(world.driver, action, world.values, {
    say: (line) => process.stdout.write(`\n${line}\n`),
    arrived: async () => (await systemExchangesAfter(world.baseUrl, world.startSeq, harness)).length > 0,
  });
  const delay = trigger?.outcome.kind === 'slow' ? trigger.outcome.delayMs : 0;
  world.received = await settledExchanges(world.baseUrl, world.startSeq, harness, delay + SETTLE_MS);
  world.attachReceived(world.received, `the system's ${action}`);
  const checks: CheckRecord[] = [];
  const result = world.result;
  if (result.mode === 'manual' && !result.arrived) {
    checks.push({
      ...{ name: 'a request arrived', about: SENT_AS[action], stage: world.stage },
      ...{ outcome: 'failed', kind: 'timeout', expected: `a request from ASID ${asid}` },
      actual: `no request arrived within ${world.driver.timeoutMs} ms of the instruction`,
    });
  }
  if (result.mode === 'command' && result.timedOut) {
    checks.push({
      ...{ name: 'finished in time', about: SUCCESS_IS[action].about, stage: world.stage, outcome: 'failed' },
      ...{
        kind: 'timeout',
        expected: `the system reports within the driver's timeoutMs (${world.driver.timeoutMs} ms)`,
      },
      actual: `still running; stopped. stderr: ${result.stderr.slice(-300)}`,
    });
  }
  if (result.mode === 'command' && result.exitCode === 127 && world.received.length === 0) {
    checks.push({
      ...{ name: 'the driver command ran', about: SENT_AS[action], stage: world.stage, outcome: 'failed' },
      ...{ kind: 'harness', expected: 'the command starts' },
      actual: `exit 127: ${result.stderr.slice(-300)}`,
    });
  }
  world.record(checks);
}

Given('the system has created a pointer for a patient with no pointers', ACTING, async function (this: ClientWorld) {
  this.values.nhsNumber = freshPatient();
  freshPointerValues(this);
  await act(this, 'create');
  const own = this.received.filter((exchange) => interactionOf(exchange) === 'create');
  // Setup: a defect in the system's create fails its own client rule here and blocks the scenario.
  this.record([
    ...sentChecks('create', this.received, 'setup', 1, []),
    ...verdictChecks(this.received, 'setup'),
    ...handlingChecks('create', this.result!, own, 'as-answered'),
  ]);
  const reported = this.result!.mode === 'command' ? this.result!.reported?.pointerId : undefined;
  const id = reported ?? idFromLocation(own.at(-1)?.response.headers.location);
  if (!id) throw new Error('neither the system nor the mock named the created pointer');
  this.values.pointerId = id;
  this.values.targetMasterIdentifierValue = this.values.masterIdentifierValue;
  freshPointerValues(this);
});

const ACTS: Record<string, ClientAction> = {
  'creates a pointer for the patient': 'create',
  'supersedes that pointer': 'supersede',
  'deletes that pointer': 'delete',
  "searches for the patient's pointers": 'search',
};

When(
  new RegExp(`^the system (${Object.keys(ACTS).join('|')})$`),
  ACTING,
  async function (this: ClientWorld, what: string) {
    this.stage = 'scenario';
    await act(this, ACTS[what]!);
  },
);

/** The requirement a retry check is about: the refusal's own error row, else how the action is sent. */
function retryAbout(world: ClientWorld): string[] {
  const outcome = world.trigger?.outcome;
  if (outcome?.kind === 'internal-error') return ['NRLS-ERR-014'];
  // A subject search's NO_RECORD_FOUND is its own row (NRLS-ERR-012), the `_id` one's NRLS-ERR-011.
  if (outcome?.kind === 'spine-error' && outcome.spineCode === 'NO_RECORD_FOUND' && world.action === 'search')
    return ['NRLS-ERR-012'];
  if (outcome?.kind === 'spine-error' && SPINE_ERROR_ROW[outcome.spineCode])
    return [SPINE_ERROR_ROW[outcome.spineCode]!];
  return SENT_AS[world.action!];
}

/** An armed trigger the request did not match: the system did not send the values it was given. */
function triggerMatched(world: ClientWorld): CheckRecord[] {
  const trigger = world.trigger;
  if (!trigger) return [];
  const own = world.received.filter((exchange) => interactionOf(exchange) === world.action);
  const matched = own.some((exchange) => world.armed.some((armed) => armed.id === exchange.trigger?.id));
  // A request the client rules fault was refused before the trigger's turn (§2.7): that defect is judged
  // by its rule, and the trigger's outcome was never the mock's to give.
  const faulted = own.some((exchange) => exchange.verdicts.some((verdict) => verdict.outcome === 'failed'));
  if (own.length === 0 || matched || faulted) return [];
  return [
    {
      ...{ name: 'trigger matched', about: SENT_AS[world.action!], stage: 'scenario', outcome: 'failed' },
      ...{
        kind: 'harness',
        expected: `the request carries the trigger's ${trigger.pointerId ? 'pointer id' : 'NHS number'}`,
      },
      actual: `${describeExchange(own[0]!)}: the system did not use the values the driver passed it`,
    },
  ];
}

Then(/^the system sent exactly one (create|supersede|search|delete) request$/, function (this: ClientWorld, action) {
  this.record(sentChecks(action as ClientAction, this.received, 'scenario', 1, []));
});

Then(
  /^the system sent the (create|supersede|search|delete) request, and at most 3 with its retries$/,
  function (this: ClientWorld, action) {
    this.record([
      ...sentChecks(action as ClientAction, this.received, 'scenario', 3, retryAbout(this)),
      ...triggerMatched(this),
    ]);
  },
);

Then('every client rule passed on what the system sent', function (this: ClientWorld) {
  this.record(verdictChecks(this.received, 'scenario'));
});

Then('the system reported success', function (this: ClientWorld) {
  this.record(handlingChecks(this.action!, this.result!, this.received, 'as-answered'));
});

Then('the system reported a failure, not a success', function (this: ClientWorld) {
  this.record(handlingChecks(this.action!, this.result!, this.received, 'failure'));
});

Then("the system claimed success only if the mock's answer was a success", function (this: ClientWorld) {
  this.record(handlingChecks(this.action!, this.result!, this.received, 'no-false-success'));
});

Then('the pointer the system reported exists on the mock', async function (this: ClientWorld) {
  const result = this.result!;
  const own = this.received.filter((exchange) => interactionOf(exchange) === this.action);
  const reported = result.mode === 'command' ? result.reported?.pointerId : undefined;
  const id = reported ?? idFromLocation(own.at(-1)?.response.headers.location);
  const about = this.action === 'supersede' ? ['NRLS-SUPERSEDE-009'] : ['NRLS-CREATE-005', 'NRLS-CREATE-023'];
  if (!id) {
    this.record([
      {
        name: 'pointer named',
        about,
        stage: 'scenario',
        outcome: 'failed',
        kind: 'conformance',
        expected: 'the new pointer id, reported or in the 201 Location',
        actual: 'none',
      },
    ]);
    return;
  }
  const exchange = await searchById(mockOf(this), id);
  this.attach(JSON.stringify(exchange), 'application/vnd.nrls.exchange+json');
  const total = exchange.response?.status === 200 ? bundleTotal(exchange.response.body) : undefined;
  this.record([
    {
      ...{ name: 'reported pointer exists', about, stage: 'scenario', outcome: total === 1 ? 'passed' : 'failed' },
      ...(total === 1 ? {} : { kind: 'conformance' as const }),
      expected: `an _id search for ${id} (${reported ? 'as reported' : "from the mock's Location"}) finds it`,
      actual: `${exchange.response?.status ?? exchange.error?.message} total ${total ?? 'none'}`,
    },
  ]);
});

Then("the count the system reported is the Bundle's total", function (this: ClientWorld) {
  const result = this.result!;
  const reported = result.mode === 'command' ? result.reported?.count : undefined;
  if (reported === undefined) return; // the driver reports no count: nothing to compare
  const answer = this.received.filter((exchange) => interactionOf(exchange) === 'search').at(-1);
  const total = bundleTotal(answer?.response.body);
  this.record([
    {
      ...{ name: 'count reported', about: ['NRLS-SEARCH-013'], stage: 'scenario' },
      ...(reported === total
        ? { outcome: 'passed' as const }
        : { outcome: 'failed' as const, kind: 'conformance' as const }),
      expected: `the Bundle's total (${total ?? 'none in the answer'})`,
      actual: `${reported}`,
    },
  ]);
});
