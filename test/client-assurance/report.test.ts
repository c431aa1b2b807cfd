// The client assurance report from hand-made recorded requests and a small fake rule table (the real
// rules are another part's): statuses, defects, the matrix's links to the requests, the verdict, and the
// --asid / --role selection. The model must validate against assurance.schema.json like the suite's.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ClientDirectory, RecordedExchange, RuleVerdict } from '../../src/client-assurance/recorded-exchange.ts';
import { buildClientAssuranceRun, type ClientReportInput } from '../../src/client-assurance/report.ts';
import type { ClientRule, JudgedRequest } from '../../src/client-assurance/rules.ts';
import { loadCatalogue } from '../../src/domain/requirements/catalogue.ts';
import type { RunIdentity } from '../../src/report/model.ts';
import { SCHEMA_FILE } from '../../src/report/schema.ts';

const CONSUMER = '200000000115';
const PROVIDER = '200000000118';
const OTHER_PROVIDER = '200000000119';

const directory: ClientDirectory = {
  spineAsid: '990000000001',
  systems: [
    { asid: CONSUMER, ods: 'AMS01', interactions: ['search'] },
    { asid: PROVIDER, ods: 'MHT01', interactions: ['search', 'create', 'delete'] },
    { asid: OTHER_PROVIDER, ods: 'RR8', interactions: ['search', 'create', 'delete'] },
  ],
  organisations: [{ ods: 'MHT01', providerRole: true }],
};

const rule = (
  id: string,
  requirements: string[],
  interactions: ClientRule['interactions'],
  roles: ClientRule['roles'],
) => ({ id, title: `the ${id} rule`, requirements, level: 'MUST', tkw: [], interactions, roles }) as ClientRule;

const RULES: ClientRule[] = [
  rule('from-asid-header', ['NRLS-HDR-002'], ['any'], ['provider', 'consumer']),
  rule('search-by-subject', ['NRLS-SEARCH-002'], ['search'], ['provider', 'consumer']),
  rule('create-custodian', ['NRLS-HDR-009'], ['create'], ['provider']),
];

const header = (request: JudgedRequest['request'], name: string) =>
  request.headers.find(([key]) => key.toLowerCase() === name)?.[1];

/** The fake judge: fromASID present; a search names a subject (a `_format` one only warns); no WRONG custodian. */
function judge(exchange: JudgedRequest): RuleVerdict[] {
  const { request } = exchange;
  const verdict = (id: string, outcome: RuleVerdict['outcome'], detail: string): RuleVerdict => ({
    rule: id,
    requirements: RULES.find((entry) => entry.id === id)!.requirements,
    outcome,
    detail,
  });
  const verdicts = [verdict('from-asid-header', header(request, 'fromasid') ? 'passed' : 'failed', 'fromASID')];
  if (request.method === 'GET') {
    const outcome = !request.url.includes('subject=')
      ? 'failed'
      : request.url.includes('_format')
        ? 'warning'
        : 'passed';
    verdicts.push(verdict('search-by-subject', outcome, `url ${request.url}`));
  }
  if (request.method === 'POST')
    verdicts.push(
      verdict('create-custodian', request.body?.includes('WRONG') ? 'failed' : 'passed', 'custodian WRONG'),
    );
  return verdicts;
}

let seq = 0;
function exchange(fromAsid: string, method: string, url: string, body?: string): RecordedExchange {
  seq += 1;
  return {
    seq,
    receivedAt: `2025-01-02T10:14:0${seq % 10}.000Z`,
    durationMs: 3,
    fromAsid,
    request: {
      method,
      url,
      headers: [
        ['Authorization', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'],
        ...(fromAsid ? ([['fromASID', fromAsid]] as [string, string][]) : []),
      ],
      ...(body ? { body } : {}),
    },
    response: {
      status: method === 'POST' ? 201 : 200,
      headers: {},
      body: '{}',
      ...(method === 'POST' ? { spineCode: 'RESOURCE_CREATED' } : {}),
    },
    verdicts: [],
  };
}

const search = (
  asid: string,
  url = '/DocumentReference?subject=https://demographics.spineservices.nhs.uk/STU3/Patient/9876543210',
) => exchange(asid, 'GET', url);
const create = (asid: string, custodian = 'MHT01') =>
  exchange(asid, 'POST', '/DocumentReference', `{"custodian":"${custodian}"}`);

const identity: RunIdentity = {
  id: 'client-test',
  harness: { name: 'nrls-conformance', version: '0', commit: 'x' },
  spec: { name: 'NRLS', catalogue: 'c' },
  target: { name: 'client systems', baseUrl: 'http://127.0.0.1:1', embeddedMock: false },
  startedAt: '2025-01-02T10:14:00.000Z',
  finishedAt: '2025-01-02T10:15:00.000Z',
  durationMs: 60000,
  node: 'v20',
  platform: 'linux',
  tagFilter: '',
  userTags: '',
  specOnly: false,
  parallel: 0,
};

const build = (exchanges: RecordedExchange[], options: Partial<ClientReportInput> = {}) =>
  buildClientAssuranceRun({
    exchanges,
    directory,
    rules: RULES,
    judge,
    catalogue: loadCatalogue(),
    identity,
    recording: { dir: 'rec', recordedBy: 'nrls-conformance 0' },
    ...options,
  });

const row = (run: ReturnType<typeof build>, id: string) => run.requirements.find((entry) => entry.id === id)!;

describe('client assurance report', () => {
  it('a clean provider recording is conformant: every requirement passed and linked to its requests', () => {
    const exchanges = [search(PROVIDER), create(PROVIDER)];
    const run = build(exchanges, { role: 'provider' });
    assert.equal(run.verdict, 'conformant', run.verdictReason);
    assert.deepEqual(
      run.requirements.map((entry) => [entry.id, entry.status]),
      [
        ['NRLS-HDR-002', 'passed'],
        ['NRLS-SEARCH-002', 'passed'],
        ['NRLS-HDR-009', 'passed'],
      ],
    );
    const [first, second] = exchanges.map((entry) => `exchange-${entry.seq}`);
    assert.deepEqual(row(run, 'NRLS-HDR-002').scenarioIds, [first, second]);
    assert.deepEqual(row(run, 'NRLS-HDR-009').scenarioIds, [second]);
    assert.equal(row(run, 'NRLS-HDR-002').checksPassed, 2);
    assert.equal(row(run, 'NRLS-HDR-002').level, 'MUST', 'the level is the catalogue row');
    assert.deepEqual(run.defects, []);
    assert.match(run.scenarios[1]!.name, /^POST \/DocumentReference → 201 RESOURCE_CREATED \(#\d+, 10:14:0\d\)$/);
    assert.equal(run.scenarios[1]!.feature, 'client: create');
    assert.equal(run.scenarios[1]!.steps[0]!.exchanges[0]!.request.headers.fromASID, PROVIDER);
    assert.deepEqual(run.run.client, {
      role: 'provider',
      asids: [PROVIDER],
      recording: 'rec',
      recordedBy: 'nrls-conformance 0',
    });
  });

  it('the evidence never keeps the bearer token: its claims are shown instead', () => {
    const run = build([search(PROVIDER)], { role: 'provider' });
    const request = run.scenarios[0]!.steps[0]!.exchanges[0]!.request;
    assert.doesNotMatch(JSON.stringify(run), /eyJzdWIiOiJ4In0/);
    assert.deepEqual(request.jwtClaims, { sub: 'x' });
  });

  it('one failing verdict: not conformant, one defect naming the rule and its request, the others passed', () => {
    const bad = create(PROVIDER, 'WRONG');
    const run = build([search(PROVIDER), create(PROVIDER), bad], { role: 'provider' });
    assert.equal(run.verdict, 'not conformant');
    assert.match(run.verdictReason, /^1 requirement of 3 failed, from 1 defect; 1 of 3 requests/);
    assert.equal(run.defects.length, 1);
    const [defect] = run.defects;
    assert.equal(defect!.id, 'D1');
    assert.equal(defect!.name, 'the create-custodian rule');
    assert.deepEqual(defect!.about, ['NRLS-HDR-009']);
    assert.deepEqual(defect!.failedScenarios, [`exchange-${bad.seq}`]);
    assert.equal(row(run, 'NRLS-HDR-009').status, 'failed');
    assert.deepEqual(row(run, 'NRLS-HDR-009').defects, ['D1']);
    assert.equal(row(run, 'NRLS-HDR-002').status, 'passed');
    assert.equal(row(run, 'NRLS-SEARCH-002').status, 'passed');
    const scenario = run.scenarios.find((entry) => entry.id === `exchange-${bad.seq}`)!;
    assert.equal(scenario.status, 'failed');
    assert.deepEqual(
      scenario.findings.map((finding) => [finding.defect, finding.actual]),
      [['D1', 'custodian WRONG']],
    );
  });

  it('a rule never exercised makes the run incomplete, never conformant, naming the interaction never seen', () => {
    const run = build([search(PROVIDER)], { role: 'provider' });
    assert.equal(run.verdict, 'incomplete');
    assert.equal(row(run, 'NRLS-HDR-009').status, 'not run');
    assert.match(row(run, 'NRLS-HDR-009').reason!, /create-custodian/);
    assert.match(run.verdictReason, /1 of 3 requirements of the provider rules were never exercised/);
    assert.match(run.verdictReason, /no create request was seen; 1 rule never exercised \(create-custodian\)/);
  });

  it('an optional feature never used, or a search a provider never made, is no gap: conformant', () => {
    const rules = [
      ...RULES,
      { ...rule('summary-count', ['NRLS-SEARCH-011'], ['search'], ['provider']), optional: '_summary' },
    ];
    const run = build([create(PROVIDER)], { role: 'provider', rules });
    assert.equal(run.verdict, 'conformant', run.verdictReason);
    assert.deepEqual(
      run.requirements.map((entry) => entry.id),
      ['NRLS-HDR-002', 'NRLS-HDR-009'],
    );
  });

  it('a warning is advisory: reported as a defect, never counted against the verdict', () => {
    const run = build([search(CONSUMER, '/DocumentReference?subject=x&_format=json')], { role: 'consumer' });
    assert.equal(run.verdict, 'conformant', run.verdictReason);
    assert.equal(row(run, 'NRLS-SEARCH-002').status, 'advisory');
    assert.equal(run.defects[0]!.outcome, 'advisory');
    assert.equal(run.scenarios[0]!.status, 'advisory');
    assert.match(run.verdictReason, /1 requirement only in a form allowed but not preferred \(advisory\)/);
  });

  it('--asid judges only that system, against the rules of its role in the directory', () => {
    const run = build([search(CONSUMER), create(PROVIDER, 'WRONG'), search(CONSUMER)], { asid: CONSUMER });
    assert.deepEqual(
      run.scenarios.map((scenario) => scenario.steps[0]!.exchanges[0]!.request.headers.fromASID),
      [CONSUMER, CONSUMER],
    );
    assert.equal(run.run.client?.role, 'consumer');
    assert.deepEqual(
      run.requirements.map((entry) => entry.id),
      ['NRLS-HDR-002', 'NRLS-SEARCH-002'],
    );
    assert.equal(run.verdict, 'conformant', 'the provider’s failure is not the consumer’s');
  });

  it('--role judges the requests of every system of that role, and nothing else', () => {
    const exchanges = [search(CONSUMER), create(PROVIDER), search(OTHER_PROVIDER), exchange('', 'GET', '/x')];
    const run = build(exchanges, { role: 'provider' });
    assert.deepEqual(run.run.client?.asids, [PROVIDER, OTHER_PROVIDER]);
    assert.equal(run.scenarios.length, 2);
    const all = build(exchanges);
    assert.equal(all.scenarios.length, 4, 'no role and no ASID: every request');
    assert.equal(all.verdict, 'not conformant', 'the request without fromASID fails NRLS-HDR-002');
    assert.equal(row(all, 'NRLS-HDR-002').status, 'failed');
  });

  it('an empty recording, or no rule for the role, is incomplete', () => {
    const empty = build([], { role: 'consumer' });
    assert.equal(empty.verdict, 'incomplete');
    assert.match(empty.verdictReason, /no request from the consumer systems/);
    const noRules = build([search(CONSUMER)], { role: 'consumer', rules: [] });
    assert.equal(noRules.verdict, 'incomplete');
    assert.match(noRules.verdictReason, /no client rule applies/);
  });

  it('conforms to assurance.schema.json', () => {
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(
      JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')),
    );
    const run = build(
      [search(PROVIDER), create(PROVIDER, 'WRONG'), search(PROVIDER, '/DocumentReference?subject=x&_format=x')],
      {
        role: 'provider',
        lines: [1, 2, 3],
      },
    );
    assert.ok(validate(JSON.parse(JSON.stringify(run))), JSON.stringify(validate.errors?.slice(0, 3)));
    assert.deepEqual(
      run.scenarios.map((scenario) => scenario.line),
      [1, 2, 3],
    );
  });
});
