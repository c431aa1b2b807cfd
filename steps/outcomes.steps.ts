// Then: what the response must be. Each step judges facets of its expectation against the requirements
// each facet proves (support/outcome-checks.ts); a step ending ", as AMB-nn recommends" marks its
// subject facets as resting on that choice. Steps that need to look again (a search by id) send their
// own valid request, whose own correctness is about the search, not about the rule being checked.
import { Then, type DataTable } from '@cucumber/cucumber';
import type { FhirResource } from '../src/domain/stu3-xml.ts';
import type { Exchange } from '../src/report/exchange.ts';
import { organisationUrl } from '../src/domain/identifiers.ts';
import { RECOMMENDATION, requirementsCiting } from '../src/domain/requirements/basis.ts';
import { ThenJudged } from './support/define.ts';
import type { Judgement } from './support/judgement.ts';
import { EXPECTED_OUTCOMES, REQUEST_FORM_RULES, normaliseDiagnostics, without } from './support/expectations.ts';
import { readBody, summariseResponse, type Answered } from './support/fhir-read.ts';
import { negotiated, type WireFormat } from './support/formats.ts';
import { findById, isSupersede, locationAbout, lookUp, lookUpPatientOrNotFound } from './support/interactions.ts';
import {
  judgeAnswered,
  judgeFormat,
  judgeLocation,
  judgeMediaType,
  judgeRefusal,
  judgeSearchset,
  judgeSpineCode,
  judgeSuccess,
  pointersOf,
  type Outcome,
  type Searchset,
  type SearchsetPointer,
} from './support/outcome-checks.ts';
import { fillTemplate } from './support/templates.ts';
import type { ActorRole, CreatedPointer, NrlsWorld } from './world.ts';

/** The requirements among `candidates` the scenario is tagged with; all of them if none is. */
function pick(world: NrlsWorld, candidates: readonly string[]): string[] {
  const tagged = candidates.filter((id) => world.requirementTags.includes(id));
  return tagged.length > 0 ? tagged : [...candidates];
}

/** A resource an earlier step of this scenario has already judged readable. */
function judgedResource<T extends FhirResource>(exchange: Exchange, resourceType: string): T {
  const read = exchange.response ? readBody(exchange as Answered) : undefined;
  if (!read?.ok || read.resource.resourceType !== resourceType)
    throw new Error(`scenario error: check the response is a ${resourceType} before this step`);
  return read.resource as T;
}

const refusalOptions = (world: NrlsWorld, amb?: string, code?: string) => ({
  ...world.responseSubject(amb),
  // NRLS-FMT-011: errors come in the negotiated format; a 415 may come as XML, per Spine Core.
  negotiated: code === 'UNSUPPORTED_MEDIA_TYPE' ? ('either' as const) : negotiated(world.format),
  timeoutMs: world.target.timeoutMs,
});

ThenJudged('the response is a {int} {spineCode}', function (amb, status: number, code: string) {
  const expected = EXPECTED_OUTCOMES[code]!;
  if (expected.status !== status)
    throw new Error(`scenario error: ${code} is ${expected.status} in the catalogue, not ${status}`);
  const exchange = this.acted();
  return this.judge(
    (j) => {
      if (code === 'RESOURCE_CREATED' || code === 'RESOURCE_DELETED') {
        const supersede = code === 'RESOURCE_CREATED' && isSupersede(this.pointer);
        judgeSuccess(j, exchange, {
          ...this.responseSubject(amb),
          code,
          rows: supersede ? ['NRLS-SUPERSEDE-009'] : undefined,
          timeoutMs: this.target.timeoutMs,
        });
        return;
      }
      // Written ", as AMB-nn recommends", the whole answer rests on that choice: the refusal as well as the
      // code (a scenario whose refusal is the spec says so in a step of its own, "the request is refused").
      const { answered, outcome } = judgeRefusal(j, exchange, refusalOptions(this, amb, code));
      judgeSpineCode(j, answered, outcome, [code], this.responseSubject(amb));
    },
    [exchange],
  );
});

ThenJudged('the request is refused', function (amb) {
  const exchange = this.acted();
  return this.judge((j) => judgeRefusal(j, exchange, refusalOptions(this, amb)), [exchange]);
});

// Operations the spec only calls "not supported" (§2.5): it defines no response, and the catalogue asks the
// harness to assert only that the request did not succeed (NRLS-UNSUP-007, AMB-38).
Then('the request is not carried out', function (this: NrlsWorld) {
  const exchange = this.acted();
  return this.judge(
    (j) => {
      const answered = judgeAnswered(j, exchange, this.subject().about, this.target.timeoutMs);
      const status = answered.response.status;
      j.require(
        { name: 'not carried out', about: this.subject().about },
        status < 200 || status >= 300,
        'no success: any status but 2xx',
        summariseResponse(answered),
      );
    },
    [exchange],
  );
});

Then('the request is refused with {spineCodes}', function (this: NrlsWorld, codes: string[]) {
  const exchange = this.acted();
  return this.judge(
    (j) => {
      const { answered, outcome } = judgeRefusal(
        j,
        exchange,
        refusalOptions(
          this,
          undefined,
          codes.includes('UNSUPPORTED_MEDIA_TYPE') ? 'UNSUPPORTED_MEDIA_TYPE' : undefined,
        ),
      );
      judgeSpineCode(j, answered, outcome, codes, this.responseSubject());
    },
    [exchange],
  );
});

/**
 * What a part of the OperationOutcome proves: the error table's rows for the code it carries that the
 * scenario is tagged with (an issue code belongs to its rows even untagged); otherwise the scenario's subject.
 */
function rowsOrSubject(
  world: NrlsWorld,
  outcome: Outcome,
  amb: string | undefined,
  issueCode?: string,
): readonly string[] {
  if (amb) return world.subject(amb).about;
  const expected = EXPECTED_OUTCOMES[outcome.issue[0]?.details?.coding?.[0]?.code ?? ''];
  const rows = (issueCode ? expected?.rowsByIssue?.[issueCode] : undefined) ?? expected?.rows ?? [];
  const tagged = rows.filter((row) => world.requirementTags.includes(row));
  if (tagged.length > 0) return tagged;
  return issueCode && rows.length > 0 ? [...rows] : world.subject().about;
}

ThenJudged('the issue code is {string}', function (amb, issueCode: string) {
  const outcome = judgedResource<Outcome>(this.acted(), 'OperationOutcome');
  return this.judge((j) => {
    const actual = outcome.issue[0]?.code;
    j.that(
      { name: 'issue code', about: rowsOrSubject(this, outcome, amb, issueCode), amb },
      actual === issueCode,
      `issue code ${issueCode}`,
      `issue code ${actual}`,
    );
  });
});

const DIAGNOSTICS_MATCH = { are: 'exactly', 'start with': 'start', mention: 'contain' } as const;
for (const [verb, match] of Object.entries(DIAGNOSTICS_MATCH)) {
  ThenJudged(`the diagnostics ${verb} {string}`, function (amb, text: string) {
    const outcome = judgedResource<Outcome>(this.acted(), 'OperationOutcome');
    const expected = fillTemplate(this, text);
    return this.judge((j) => {
      const actual = outcome.issue[0]?.diagnostics ?? '';
      const [want, got] = [normaliseDiagnostics(expected), normaliseDiagnostics(actual)];
      const holds = match === 'exactly' ? got === want : match === 'start' ? got.startsWith(want) : got.includes(want);
      j.that(
        { name: 'diagnostics', about: rowsOrSubject(this, outcome, amb), amb },
        holds,
        `diagnostics ${match === 'exactly' ? '' : `that ${match} `}"${expected}"`,
        `diagnostics "${actual}"`,
      );
    });
  });
}

/** The diagnostics are exactly one of `texts` (templates), where the catalogue allows or recommends several. */
function judgeDiagnosticsOneOf(world: NrlsWorld, texts: readonly string[], amb: string | undefined) {
  const outcome = judgedResource<Outcome>(world.acted(), 'OperationOutcome');
  const expected = texts.map((text) => fillTemplate(world, text));
  return world.judge((j) => {
    const actual = outcome.issue[0]?.diagnostics ?? '';
    const holds = expected.some((text) => normaliseDiagnostics(text) === normaliseDiagnostics(actual));
    j.that(
      { name: 'diagnostics', about: rowsOrSubject(world, outcome, amb), amb },
      holds,
      `diagnostics ${expected.map((text) => `"${text}"`).join(' or ')}`,
      `diagnostics "${actual}"`,
    );
  });
}

// Two recommended texts (AMB-27: the element path, or the legacy text).
ThenJudged('the diagnostics are {string} or {string}', function (amb, first: string, second: string) {
  return judgeDiagnosticsOneOf(this, [first, second], amb);
});

// Several texts the spec allows, where a request breaks more than one rule and the spec does not say which is reported
// (AMB-50).
Then('the diagnostics are one of', function (this: NrlsWorld, table: DataTable) {
  return judgeDiagnosticsOneOf(
    this,
    table.raw().map(([text]) => text!),
    undefined,
  );
});

ThenJudged('the display is {string}', function (amb, display: string) {
  const outcome = judgedResource<Outcome>(this.acted(), 'OperationOutcome');
  return this.judge((j) => {
    const actual = outcome.issue[0]?.details?.coding?.[0]?.display;
    j.that(
      { name: 'display', about: rowsOrSubject(this, outcome, amb), amb },
      actual === display,
      `display "${display}"`,
      `display "${actual}"`,
    );
  });
});

ThenJudged('the coding system is {string}', function (amb, system: string) {
  const outcome = judgedResource<Outcome>(this.acted(), 'OperationOutcome');
  return this.judge((j) => {
    const actual = outcome.issue[0]?.details?.coding?.[0]?.system;
    j.that(
      { name: 'coding system', about: rowsOrSubject(this, outcome, amb), amb },
      actual === system,
      `coding system ${system}`,
      `coding system ${actual}`,
    );
  });
});

ThenJudged('the OperationOutcome claims the profile {string}', function (amb, profile: string) {
  const outcome = judgedResource<Outcome>(this.acted(), 'OperationOutcome');
  return this.judge((j) => {
    const profiles = outcome.meta?.profile;
    j.that(
      { name: 'meta.profile', about: this.subject().about, amb },
      Array.isArray(profiles) && profiles.includes(profile),
      `meta.profile ${profile}`,
      `meta.profile ${JSON.stringify(profiles ?? null)}`,
    );
  });
});

ThenJudged('the response is in {format}', function (amb, format: WireFormat) {
  const exchange = this.acted();
  return this.judge(
    (j) => {
      const { about } = this.subject();
      const answered = judgeAnswered(j, exchange, about, this.target.timeoutMs);
      j.require(
        { name: 'a search result (HTTP 200)', about, amb },
        answered.response.status === 200,
        'HTTP 200',
        `HTTP ${answered.response.status}`,
      );
      judgeFormat(j, answered, format, about);
      judgeMediaType(j, answered);
    },
    [exchange],
  );
});

/** NRLS-FMT-001: the format asked for, and (NRLS-FMT-009) its STU3 media type. */
function judgeFormatAskedFor(
  world: NrlsWorld,
  j: Parameters<Parameters<NrlsWorld['judge']>[0]>[0],
  exchange: Exchange,
): void {
  if (world.format === 'none') return;
  judgeFormat(j, exchange as Answered, world.format, ['NRLS-FMT-001']);
  judgeMediaType(j, exchange as Answered);
}

ThenJudged('the response is a searchset Bundle of {int} pointer(s)', function (amb, count: number) {
  const exchange = this.acted();
  return this.judge(
    (j) => {
      const subject = this.subject(amb);
      const bundle = judgeSearchset(j, exchange, { ...subject, timeoutMs: this.target.timeoutMs });
      // The request's form was proved by its being understood, and a stated AMB choice by the answer's
      // form (a searchset, say, rather than a 404): what it found is the rest of the subject.
      const found = without(without(this.subject().about, REQUEST_FORM_RULES), amb ? requirementsCiting(amb) : []);
      j.that(
        { name: 'number of pointers', about: found },
        bundle.total === count,
        `${count} pointer(s)`,
        `total ${bundle.total}`,
      );
      judgeFormatAskedFor(this, j, exchange);
    },
    [exchange],
  );
});

ThenJudged('the response is a searchset Bundle holding the existing pointer', function (amb) {
  const exchange = this.acted();
  return this.judge(
    (j) => {
      const subject = this.subject(amb);
      const bundle = judgeSearchset(j, exchange, { ...subject, timeoutMs: this.target.timeoutMs });
      const ids = pointersOf(bundle).map((pointer) => pointer.id);
      j.that(
        { name: 'the existing pointer found', about: subject.about, amb },
        ids.includes(this.existing!.id),
        `a Bundle holding the pointer ${this.existing!.id}`,
        `pointers ${ids.join(', ') || '(none)'}`,
      );
      judgeFormatAskedFor(this, j, exchange);
    },
    [exchange],
  );
});

/** The logical id the scenario's create named in its Location (NRLS-CREATE-007, or NRLS-SUPERSEDE-009). */
async function createdId(world: NrlsWorld): Promise<string> {
  const exchange = world.acted();
  let id = '';
  const about = locationAbout(world.pointer);
  await world.judge(
    (j) => {
      id = judgeLocation(j, judgeAnswered(j, exchange, about, world.target.timeoutMs), about);
    },
    [exchange],
  );
  return id;
}

Then('the Location header identifies the new pointer', async function (this: NrlsWorld) {
  const exchange = this.acted();
  const about = locationAbout(this.pointer);
  let id = '';
  await this.judge(
    (j) => {
      const answered = judgeAnswered(j, exchange, about, this.target.timeoutMs);
      id = judgeLocation(j, answered, about);
      const location = new URL(answered.response.headers.location!);
      const base = new URL(this.target.baseUrl);
      const under =
        location.host === base.host && location.pathname === `${base.pathname.replace(/\/$/, '')}/DocumentReference`;
      // NRLS-CREATE-007 asks for a full, resolvable URL of the https://[host]/[path]?_id=[id] form; that it is
      // built from the service base the client called is §1.2's note for the mock (a proxy may rename the host).
      j.that(
        { name: 'Location under the service base', about, amb: RECOMMENDATION },
        under,
        `a Location under the service base ${this.target.baseUrl}/DocumentReference`,
        location.href,
      );
    },
    [exchange],
  );
  // The Location is the full, resolvable URL of the new pointer: following it finds that pointer.
  await findById(this, id, 'follow the Location', about);
});

const VERSION_RULES = ['NRLS-CREATE-008', 'NRLS-CREATE-009', 'NRLS-SUPERSEDE-008', 'NRLS-LIFE-008'];
const BORN_CURRENT = ['NRLS-LIFE-005', 'NRLS-CREATE-011', 'NRLS-CREATE-023'];

function judgeVersionAndStatus(
  world: NrlsWorld,
  pointer: SearchsetPointer,
  version: number,
  status: string,
  versionAbout: readonly string[],
  statusAbout: readonly string[],
  amb?: string,
) {
  return world.judge((j) => {
    j.that(
      { name: 'meta.versionId', about: versionAbout, amb },
      pointer.meta.versionId === String(version),
      `meta.versionId ${version}`,
      `meta.versionId ${pointer.meta.versionId}`,
    );
    j.that(
      { name: 'status', about: statusAbout, amb },
      pointer.status === status,
      `status ${status}`,
      `status ${pointer.status}`,
    );
  });
}

Then(
  'a search by its id finds it at version {int} with status {string}',
  async function (this: NrlsWorld, version: number, status: string) {
    const pointer = await findById(this, await createdId(this), 'search the new pointer by id');
    return judgeVersionAndStatus(this, pointer, version, status, pick(this, VERSION_RULES), pick(this, BORN_CURRENT));
  },
);

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  return value;
}

/**
 * NRLS-LIFE-005 (MUST): every pointer is born current. Refusing a new pointer of another status is only our
 * choice (AMB-29), so the spec allows either: a refusal, or a pointer created current whatever it said.
 */
Then('the request is refused, or the pointer is created current', async function (this: NrlsWorld) {
  const exchange = this.acted();
  const status = exchange.response?.status ?? 0;
  if (!(status >= 200 && status < 300))
    return this.judge((j) => judgeRefusal(j, exchange, refusalOptions(this)), [exchange]);
  const pointer = await findById(this, await createdId(this), 'search the new pointer by id');
  return this.judge((j) => {
    j.that(
      { name: 'created current', about: pick(this, BORN_CURRENT) },
      pointer.status === 'current',
      'a refusal, or the pointer created with status current',
      `created with status ${pointer.status}`,
    );
  });
});

Then('a search by its id finds it as it was sent', async function (this: NrlsWorld) {
  const pointer = await findById(this, await createdId(this), 'search the new pointer by id');
  const { meta: _meta, id: _id, ...stored } = pointer;
  const { meta: _sentMeta, id: _sentId, ...sent } = this.pointer!;
  return this.judge((j) => {
    j.that(
      { name: 'the pointer as sent', about: pick(this, ['NRLS-CREATE-023', 'NRLS-PROF-021', 'NRLS-SEARCH-016']) },
      JSON.stringify(sortKeys(stored)) === JSON.stringify(sortKeys(sent)),
      `the pointer as sent: ${JSON.stringify(sent).slice(0, 600)}`,
      JSON.stringify(stored).slice(0, 600),
    );
  });
});

const SUPERSEDE_VERSION = ['NRLS-SUPERSEDE-008', 'NRLS-LIFE-008'];

ThenJudged('the existing pointer is {string} at version {int}', async function (amb, status: string, version: number) {
  const pointer = await findById(this, this.existing!.id, 'search the existing pointer by id');
  // A raised version is the supersede's version rule; an unchanged pointer is the scenario's state rule
  // (nothing changed). Its status is the scenario's subject, less the version rules and the response.
  const state = this.stateSubject(amb);
  const versionAbout = version > 1 && !amb ? pick(this, SUPERSEDE_VERSION) : state;
  const statusAbout = amb ? state : without(without(state, SUPERSEDE_VERSION), ['NRLS-SUPERSEDE-009']);
  return judgeVersionAndStatus(this, pointer, version, status, versionAbout, statusAbout, amb);
});

/** The pointers of the searchset the scenario's own search got (judged by an earlier step). */
const bundlePointers = (world: NrlsWorld) => pointersOf(judgedResource<Searchset>(world.acted(), 'Bundle'));

/**
 * Which of the pointers this scenario created the Bundle holds. A patient may have pointers other
 * scenarios or runs made (a target's fixed test patients), so a search is judged on the scenario's own.
 */
function judgeOwnPointers(
  world: NrlsWorld,
  j: Judgement,
  bundle: Searchset,
  expected: readonly CreatedPointer[],
  about: readonly string[],
  amb?: string,
): void {
  const found = new Set(pointersOf(bundle).map((pointer) => pointer.id));
  const own = world.existingPointers.map((pointer) => pointer.id);
  const held = own.filter((id) => found.has(id)).sort();
  const want = expected.map((pointer) => pointer.id).sort();
  j.that(
    { name: "the scenario's pointers found", about, amb },
    JSON.stringify(held) === JSON.stringify(want),
    `of the pointers this scenario created, ${want.join(', ') || 'none'}`,
    `${held.join(', ') || 'none'}`,
  );
}

function judgeSearchHolding(
  world: NrlsWorld,
  amb: string | undefined,
  expected: (world: NrlsWorld) => readonly CreatedPointer[],
) {
  const exchange = world.acted();
  return world.judge(
    (j) => {
      const subject = world.subject(amb);
      const bundle = judgeSearchset(j, exchange, { ...subject, timeoutMs: world.target.timeoutMs });
      judgeOwnPointers(
        world,
        j,
        bundle,
        expected(world),
        without(without(world.subject().about, REQUEST_FORM_RULES), amb ? requirementsCiting(amb) : []),
        amb,
      );
      judgeFormatAskedFor(world, j, exchange);
    },
    [exchange],
  );
}

ThenJudged('the response is a searchset Bundle holding the pointers created for the patient', function (amb) {
  return judgeSearchHolding(this, amb, (world) => world.existingPointers);
});

ThenJudged(
  "the response is a searchset Bundle holding, of the pointers created for the patient, only the {actor}'s",
  function (amb, role: string) {
    return judgeSearchHolding(this, amb, (world) => world.existingPointers.filter((pointer) => pointer.owner === role));
  },
);

ThenJudged(
  'the response is a searchset Bundle holding, of the pointers created for the patient, only the one created first',
  function (amb) {
    return judgeSearchHolding(this, amb, (world) => world.existingPointers.slice(0, 1));
  },
);

Then('every pointer in the Bundle has the {actor} as custodian', function (this: NrlsWorld, role: ActorRole) {
  const ods = this.identity(role).ods;
  const others = bundlePointers(this).filter((pointer) => pointer.custodian?.reference !== organisationUrl(ods));
  return this.judge((j) => {
    j.that(
      { name: 'custodian of every pointer found', about: without(this.subject().about, REQUEST_FORM_RULES) },
      others.length === 0,
      `every pointer's custodian ${organisationUrl(ods)}`,
      () =>
        `${others.length} other: ${others
          .slice(0, 3)
          .map((pointer) => `${pointer.id} (${pointer.custodian?.reference})`)
          .join(', ')}`,
    );
  });
});

Then('every pointer in the Bundle is of the record type {string}', function (this: NrlsWorld, token: string) {
  const [system, code] = fillTemplate(this, token).split('|');
  const others = bundlePointers(this).filter((pointer) => {
    const coding = (pointer as SearchsetPointer & { type?: { coding?: { system?: string; code?: string }[] } }).type
      ?.coding?.[0];
    return coding?.system !== system || coding?.code !== code;
  });
  return this.judge((j) => {
    j.that(
      { name: 'record type of every pointer found', about: this.subject().about },
      others.length === 0,
      `every pointer of type ${system}|${code}`,
      () =>
        `${others.length} other: ${others
          .slice(0, 3)
          .map((pointer) => pointer.id)
          .join(', ')}`,
    );
  });
});

Then('the Bundle holds the existing pointer with status {string}', function (this: NrlsWorld, status: string) {
  const found = bundlePointers(this).find((pointer) => pointer.id === this.existing!.id);
  return this.judge((j) => {
    const about = this.subject().about;
    j.require(
      { name: 'the existing pointer found', about },
      !!found,
      `the pointer ${this.existing!.id}`,
      'no such entry',
    );
    j.that({ name: 'status', about }, found!.status === status, `status ${status}`, `status ${found!.status}`);
  });
});

Then('the master identifier of the refused pointer is still free', async function (this: NrlsWorld) {
  // The refused request left nothing behind (NRLS-SUPERSEDE-003): no pointer of the patient carries the refused
  // pointer's master identifier. A look, as the consumer: the Then step changes nothing on the target.
  const refused = this.pointer!.masterIdentifier!;
  const nhsNumber = this.pointer!.subject!.reference!.replace(/^.*\/Patient\//, '');
  const query: [string, string][] = [['subject', this.subjectOf(nhsNumber)]];
  const bundle = await lookUp(this, query, 'search for the patient', ['NRLS-SEARCH-002', 'NRLS-SEARCH-017']);
  const holders = pointersOf(bundle).filter(
    (pointer) =>
      pointer.masterIdentifier?.system === refused.system && pointer.masterIdentifier?.value === refused.value,
  );
  return this.judge((j) => {
    j.that(
      { name: 'the refused pointer not stored', about: pick(this, ['NRLS-SUPERSEDE-003']) },
      holders.length === 0,
      `no pointer of the patient with the master identifier ${refused.system}|${refused.value}`,
      `${holders.map((pointer) => `${pointer.id} (${pointer.status})`).join(', ')}`,
    );
  });
});

Then("the new pointer's id is not {string}", async function (this: NrlsWorld, id: string) {
  const created = await createdId(this);
  return this.judge((j) => {
    j.that(
      { name: 'a server-assigned id', about: pick(this, ['NRLS-CREATE-010', 'NRLS-GEN-003']) },
      created !== id,
      `a server-assigned id, not ${id}`,
      created,
    );
  });
});

Then('a search by its id finds it with the NRLS profile and a recent lastUpdated', async function (this: NrlsWorld) {
  const pointer = await findById(this, await createdId(this), 'search the new pointer by id');
  const profile = 'https://fhir.nhs.uk/STU3/StructureDefinition/NRLS-DocumentReference-1';
  return this.judge((j) => {
    const about = pick(this, ['NRLS-CREATE-024']);
    j.that(
      { name: 'meta.profile', about },
      !!pointer.meta.profile?.includes(profile),
      `meta.profile ${profile}`,
      JSON.stringify(pointer.meta.profile ?? null),
    );
    const updated = Date.parse(pointer.meta.lastUpdated ?? '');
    j.that(
      { name: 'meta.lastUpdated', about },
      Math.abs(Date.now() - updated) < 10 * 60_000,
      'meta.lastUpdated within ten minutes of now',
      String(pointer.meta.lastUpdated),
    );
  });
});

/**
 * A later look at the patient: whether the scenario's pointer is among what a patient search finds. The
 * look itself is a patient search (NRLS-SEARCH-002; an empty Bundle for a known patient, NRLS-SEARCH-017);
 * what it finds of the scenario's pointer is the scenario's subject.
 */
async function lookForThePointer(world: NrlsWorld, amb: string | undefined, present: boolean, id = world.existing!.id) {
  const query: [string, string][] = [['subject', world.subjectOf(world.patient!)]];
  const about = ['NRLS-SEARCH-002', 'NRLS-SEARCH-017'];
  // A pointer gone may leave its patient with none, and whether that patient is still known is open (AMB-53).
  const bundle = present
    ? await lookUp(world, query, 'search for the patient', about)
    : await lookUpPatientOrNotFound(world, query, 'search for the patient', about);
  const found = bundle !== 'not found' && pointersOf(bundle).some((pointer) => pointer.id === id);
  return world.judge((j) => {
    j.that(
      { name: present ? 'the pointer still found' : 'the pointer gone', about: world.stateSubject(amb), amb },
      found === present,
      `the pointer ${id} ${present ? 'among' : 'not among'} the patient's pointers`,
      bundle === 'not found' ? 'the patient not found (404)' : `${found ? 'found' : 'not found'} among ${bundle.total}`,
    );
  });
}

ThenJudged('a search for the patient finds the pointer', function (amb) {
  return lookForThePointer(this, amb, true);
});

ThenJudged('a search for the patient finds the new pointer', async function (amb) {
  return lookForThePointer(this, amb, true, await createdId(this));
});

ThenJudged('a search for the patient still finds the pointer', function (amb) {
  return lookForThePointer(this, amb, true);
});

ThenJudged('a search for the patient no longer finds the pointer', function (amb) {
  return lookForThePointer(this, amb, false);
});

ThenJudged('the response is a count of {int} more than before, with no entries', function (amb, added: number) {
  const exchange = this.acted();
  return this.judge(
    (j) => {
      const subject = this.subject(amb);
      const bundle = judgeSearchset(j, exchange, { ...subject, timeoutMs: this.target.timeoutMs }, true);
      const expected = this.countBefore! + added;
      j.that(
        { name: 'the count', about: subject.about, amb },
        bundle.total === expected,
        `total ${expected} (${this.countBefore} before, ${added} created)`,
        `total ${bundle.total}`,
      );
    },
    [exchange],
  );
});

/** The pointers of the lineage as the scenario's searches by id found them (judged by an earlier step). */
const lineageFound = (world: NrlsWorld) =>
  new Map(
    world.actExchanges
      .flatMap((exchange) => pointersOf(judgedResource<Searchset>(exchange, 'Bundle')))
      .map((pointer) => [pointer.id, pointer]),
  );

Then('each pointer of the lineage is found', function (this: NrlsWorld) {
  return this.judge((j) => {
    for (const [at, exchange] of this.actExchanges.entries()) {
      const bundle = judgeSearchset(j, exchange, {
        ...this.subject(),
        about: pick(this, ['NRLS-SEARCH-007']),
        timeoutMs: this.target.timeoutMs,
      });
      const id = this.existingPointers[at]!.id;
      j.that(
        { name: `pointer ${at + 1} of the lineage found`, about: pick(this, ['NRLS-SEARCH-007']) },
        bundle.total === 1 && pointersOf(bundle)[0]?.id === id,
        `the pointer ${id}`,
        `${bundle.total} pointers`,
      );
    }
  }, this.actExchanges);
});

Then(
  'only the newest pointer of the lineage is current, each older one superseded at version 2',
  function (this: NrlsWorld) {
    const found = lineageFound(this);
    return this.judge((j) => {
      const last = this.existingPointers.length - 1;
      this.existingPointers.forEach((made, at) => {
        const pointer = found.get(made.id)!;
        // NRLS-LIFE-010: one current pointer, at the head; NRLS-LIFE-006: each older one superseded; NRLS-LIFE-008:
        // modified once.
        const [status, version, about] =
          at === last
            ? ['current', '1', pick(this, ['NRLS-LIFE-010'])]
            : ['superseded', '2', pick(this, ['NRLS-LIFE-006'])];
        j.that(
          { name: `pointer ${at + 1} status`, about },
          pointer.status === status,
          `pointer ${at + 1} ${status}`,
          `${pointer.status}`,
        );
        j.that(
          { name: `pointer ${at + 1} version`, about: pick(this, ['NRLS-LIFE-008']) },
          pointer.meta.versionId === version,
          `pointer ${at + 1} at version ${version}`,
          `version ${pointer.meta.versionId}`,
        );
      });
    });
  },
);

Then('each pointer of the lineage names its predecessor in relatesTo', function (this: NrlsWorld) {
  const found = lineageFound(this);
  return this.judge((j) => {
    const about = pick(this, ['NRLS-CREATE-023', 'NRLS-SEARCH-016', 'NRLS-SUPERSEDE-015']);
    this.existingPointers.slice(1).forEach((made, at) => {
      const predecessor = this.existingPointers[at]!.masterIdentifier;
      const relation = found.get(made.id)?.relatesTo?.[0];
      const target = relation?.target?.identifier;
      j.that(
        { name: `pointer ${at + 2} names its predecessor`, about },
        relation?.code === 'replaces' && target?.system === predecessor?.system && target?.value === predecessor?.value,
        `pointer ${at + 2} replacing ${predecessor?.value}`,
        JSON.stringify(relation ?? null),
      );
    });
  });
});

Then("the new pointer's id has the form of the guide's ids", async function (this: NrlsWorld) {
  const id = await createdId(this);
  return this.judge((j) => {
    // NRLS-GEN-004: `<UUID>-<20 digits>`; clients must not rely on it, but the mock follows it.
    j.that(
      { name: 'the id form of the guide', about: ['NRLS-GEN-004'] },
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-\d{20}$/.test(id),
      'an id of the form <UUID>-<20 digits>',
      id,
    );
  });
});

Then('the pointers created for the patient have distinct logical ids', function (this: NrlsWorld) {
  // NRLS-GEN-003, NRLS-ID-002: the logical id is unique within the NRLS instance.
  const ids = this.existingPointers.map((pointer) => pointer.id);
  return this.judge((j) => {
    j.that(
      { name: 'distinct logical ids', about: pick(this, ['NRLS-GEN-003', 'NRLS-ID-002']) },
      new Set(ids).size === ids.length,
      'distinct logical ids',
      ids.join(', '),
    );
  });
});

Then(
  'the pointers created for the patient are {string} at version {int}',
  function (this: NrlsWorld, status: string, version: number) {
    const own = new Set(this.existingPointers.map((pointer) => pointer.id));
    const pointers = bundlePointers(this).filter((pointer) => own.has(pointer.id));
    return this.judge((j) => {
      const odd = pointers.filter((pointer) => pointer.status !== status || pointer.meta.versionId !== String(version));
      j.that(
        { name: 'status and version of each', about: pick(this, BORN_CURRENT) },
        odd.length === 0,
        `each at version ${version} with status ${status}`,
        () =>
          odd.map((pointer) => `${pointer.id}: version ${pointer.meta.versionId}, status ${pointer.status}`).join('; '),
      );
    });
  },
);

ThenJudged('the refusal is a {int} with issue code {string}', function (amb, status: number, issueCode: string) {
  const exchange = this.acted();
  return this.judge(
    (j) => {
      const { answered, outcome } = judgeRefusal(j, exchange, refusalOptions(this));
      // A refusal without a Spine code: its status and issue code are the row of NRLS-ERR-017 where tagged.
      const about = [...this.subject(amb).about, ...this.requirementTags.filter((id) => id === 'NRLS-ERR-017')];
      j.that(
        { name: 'status', about, amb },
        answered.response.status === status,
        `HTTP ${status}`,
        `HTTP ${answered.response.status}`,
      );
      j.that(
        { name: 'issue code', about, amb },
        outcome.issue[0].code === issueCode,
        `issue code ${issueCode}`,
        `issue code ${outcome.issue[0].code}`,
      );
    },
    [exchange],
  );
});

Then(
  'the request is refused, or the pointer is stored without the element STU3 does not define',
  async function (this: NrlsWorld) {
    const exchange = this.acted();
    const status = exchange.response?.status ?? 0;
    if (status < 200 || status >= 300) {
      // Refused: as a body that is not a FHIR resource (NRLS-CREATE-020), or as one that breaks the profile.
      return this.judge(
        (j) => {
          const { answered, outcome } = judgeRefusal(j, exchange, refusalOptions(this));
          judgeSpineCode(j, answered, outcome, ['INVALID_REQUEST_MESSAGE', 'INVALID_RESOURCE'], this.responseSubject());
        },
        [exchange],
      );
    }
    // Accepted: what it stores and returns must be STU3 (NRLS-GEN-001), so the element is not kept.
    const pointer = await findById(this, await createdId(this), 'search the new pointer by id');
    return this.judge((j) => {
      j.that(
        { name: 'the undefined element not kept', about: pick(this, ['NRLS-GEN-001']) },
        !('colour' in pointer),
        'the pointer without the element colour',
        `colour ${JSON.stringify((pointer as unknown as Record<string, unknown>).colour)}`,
      );
    });
  },
);
