// Client assurance: the mock records each exchange of its NRLS service part (mock-server/recording/), keeps
// the latest for the inspector's JSON route, and with recordDir appends each to exchanges.ndjson at once.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { RecordedExchange, RuleVerdict } from '../../src/client-assurance/recorded-exchange.ts';
import type { JudgedRequest } from '../../src/client-assurance/rules.ts';
import { buildPointer } from '../../src/domain/pointer-builder.ts';
import { createMockApp } from '../../mock-server/app.ts';
import { mockConfig } from '../../mock-server/config.ts';
import type { RequestContext } from '../../mock-server/context.ts';
import { RecordingError } from '../../mock-server/recording/exchange-file.ts';
import { recordDroppedConnection } from '../../mock-server/recording/exchange-log.ts';
import {
  CONSUMER,
  KNOWN_PATIENT,
  PROVIDER,
  SEEDED_PATIENT,
  create,
  headersFor,
  search,
  subjectQuery,
  testFixtures,
  testMock,
} from '../support/mock.ts';

const folders: string[] = [];
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
function freshFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'nrls-recording-'));
  folders.push(folder);
  return folder;
}

/** A stand-in for the client rules: a search without an Accept header fails, any request gets one pass. */
function fakeJudge(exchange: JudgedRequest): RuleVerdict[] {
  const accept = exchange.request.headers.some(([name]) => name.toLowerCase() === 'accept');
  return [
    { rule: 'has-from-asid', requirements: ['NRLS-HDR-001'], outcome: 'passed', detail: 'fromASID is present' },
    ...(accept
      ? []
      : [{ rule: 'accept-header', requirements: ['NRLS-FMT-001'], outcome: 'failed' as const, detail: 'no Accept' }]),
  ];
}

const headerOf = (exchange: RecordedExchange, name: string) =>
  exchange.request.headers.find(([sent]) => sent === name)?.[1];

describe('recording exchanges (client assurance)', () => {
  it('a create is recorded with its raw header names, body, status and Spine code', async () => {
    const mock = testMock();
    const pointer = buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: PROVIDER.ods });
    const res = await create(mock, pointer).set('X-Odd-Case', 'kept');
    assert.equal(res.status, 201);
    const [exchange] = mock.app.exchangeLog.latest();
    assert.ok(exchange);
    assert.equal(exchange.seq, 1);
    assert.equal(exchange.fromAsid, PROVIDER.asid);
    assert.equal(exchange.request.method, 'POST');
    assert.equal(exchange.request.url, '/DocumentReference');
    // NRLS-HDR-005 is about the case of header names: they are kept as sent.
    assert.equal(headerOf(exchange, 'fromASID'), PROVIDER.asid);
    assert.equal(headerOf(exchange, 'X-Odd-Case'), 'kept');
    assert.equal(headerOf(exchange, 'fromasid'), undefined);
    assert.deepEqual(JSON.parse(exchange.request.body!), pointer);
    assert.equal(exchange.response.status, 201);
    assert.equal(exchange.response.spineCode, 'RESOURCE_CREATED');
    assert.equal(exchange.response.body, res.text);
    assert.equal(exchange.response.headers.Location, res.headers.location);
    assert.ok(!Number.isNaN(Date.parse(exchange.receivedAt)));
    assert.ok(exchange.durationMs >= 0);
    // The real client rules judged it: the suite's own well-formed create breaks none.
    assert.ok(exchange.verdicts.length > 10);
    assert.deepEqual(
      exchange.verdicts.filter((verdict) => verdict.outcome === 'failed'),
      [],
    );
  });

  it('a create refused (415) before its body is read is still recorded with the body', async () => {
    const mock = testMock();
    const body = JSON.stringify(buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: PROVIDER.ods }));
    const res = await mock.http
      .post('/DocumentReference?_format=text/plain')
      .set(headersFor(PROVIDER, 'write'))
      .set('Content-Type', 'application/fhir+json')
      .send(body);
    assert.equal(res.status, 415);
    const [exchange] = mock.app.exchangeLog.latest();
    assert.equal(exchange?.response.spineCode, 'UNSUPPORTED_MEDIA_TYPE');
    assert.equal(exchange?.request.body, body);
    assert.equal(exchange?.request.url, '/DocumentReference?_format=text/plain');
  });

  it('the ring keeps only the latest exchanges (its capacity)', async () => {
    const mock = testMock({ recordCapacity: 3 });
    for (let sent = 0; sent < 5; sent++) await search(mock, subjectQuery(SEEDED_PATIENT));
    assert.deepEqual(
      mock.app.exchangeLog.latest().map((exchange) => exchange.seq),
      [3, 4, 5],
    );
  });

  it('without --record the rules judge an exchange only when it is asked for, and once', async () => {
    let judged = 0;
    const counting = (exchange: JudgedRequest) => {
      judged += 1;
      return fakeJudge(exchange);
    };
    const mock = testMock({ judgeExchange: counting });
    await search(mock, subjectQuery(SEEDED_PATIENT));
    await search(mock, subjectQuery(SEEDED_PATIENT));
    assert.equal(judged, 0);
    assert.equal(mock.app.exchangeLog.latest().length, 2);
    mock.app.exchangeLog.latest({ verdict: 'failed' });
    assert.equal(judged, 2);
  });

  it('a dropped connection is recorded as status 0, dropped', () => {
    const mock = testMock();
    const request = { method: 'GET', url: '/DocumentReference', rawHeaders: ['fromASID', '1'], headers: {} };
    const ctx = { request, receivedAt: performance.now() } as unknown as RequestContext;
    recordDroppedConnection(mock.app.exchangeLog, ctx);
    const [exchange] = mock.app.exchangeLog.latest();
    assert.ok(exchange);
    assert.deepEqual(exchange.response, { status: 0, headers: {}, dropped: true });
    assert.deepEqual(exchange.request.headers, [['fromASID', '1']]);
  });
});

describe('the inspector JSON route (GET {base}/_inspector/exchanges.json)', () => {
  async function threeExchanges() {
    const mock = testMock({ basePath: '/nrls-ri', judgeExchange: fakeJudge });
    await mock.http
      .get('/nrls-ri/DocumentReference')
      .query(subjectQuery(SEEDED_PATIENT))
      .set(headersFor(CONSUMER, 'read'));
    await search(mock, subjectQuery(SEEDED_PATIENT), { as: PROVIDER }).set('Accept', 'application/fhir+json');
    await mock.http.get('/nrls-ri/DocumentReference').query(subjectQuery(SEEDED_PATIENT)).set('Accept', 'x/y');
    return mock;
  }
  const seqs = (body: { exchanges: RecordedExchange[] }) => body.exchanges.map((exchange) => exchange.seq);

  it('lists the exchanges oldest first, filtered by after, asid and verdict', async () => {
    const mock = await threeExchanges();
    const json = (query: string) => mock.http.get(`/nrls-ri/_inspector/exchanges.json${query}`);
    const all = await json('');
    assert.equal(all.status, 200);
    assert.match(all.headers['content-type'] ?? '', /^application\/json/);
    assert.deepEqual(seqs(all.body), [1, 2, 3]);
    assert.deepEqual(seqs((await json('?after=1')).body), [2, 3]);
    assert.deepEqual(seqs((await json('?after=3')).body), []);
    assert.deepEqual(seqs((await json(`?asid=${PROVIDER.asid}`)).body), [2]);
    assert.deepEqual(seqs((await json('?asid=')).body), [1, 2, 3]);
    assert.deepEqual(seqs((await json('?verdict=failed')).body), [1]);
    assert.deepEqual(seqs((await json('?verdict=passed')).body), [2, 3]);
    assert.deepEqual(seqs((await json(`?verdict=passed&asid=${CONSUMER.asid}&after=0`)).body), []);
    const [failed] = (await json('?verdict=failed')).body.exchanges as RecordedExchange[];
    assert.deepEqual(
      failed?.verdicts.map((verdict) => verdict.outcome),
      ['passed', 'failed'],
    );
  });

  it('refuses a bad parameter (400), an unknown path (404), a method but GET (405); none is recorded', async () => {
    const mock = await threeExchanges();
    const bad = await mock.http.get('/nrls-ri/_inspector/exchanges.json?after=two');
    assert.equal(bad.status, 400);
    assert.match(bad.body.error, /after must be a sequence number/);
    assert.equal((await mock.http.get('/nrls-ri/_inspector/exchanges.json?verdict=maybe')).status, 400);
    assert.equal((await mock.http.get('/nrls-ri/_inspector/nothing')).status, 404);
    const post = await mock.http.post('/nrls-ri/_inspector/exchanges.json').send('{}');
    assert.equal(post.status, 405);
    assert.equal(post.headers.allow, 'GET');
    const page = await mock.http.get('/nrls-ri/_inspector');
    assert.equal(page.status, 200);
    assert.match(page.headers['content-type'] ?? '', /^text\/html/);
    assert.match(page.text, /NRLS mock inspector/);
    assert.equal(mock.app.exchangeLog.latest().length, 3);
  });

  it('the page embeds bodies so that none can close its script element', async () => {
    const mock = testMock();
    await mock.http
      .post('/DocumentReference')
      .set(headersFor(PROVIDER, 'write'))
      .set('Content-Type', 'application/fhir+xml')
      .send('</script><script>alert(1)</script>');
    const page = await mock.http.get('/_inspector');
    assert.equal(page.text.match(/<\/script>/g)?.length, 2, 'only the page’s own two script elements close');
    assert.match(page.text, /\\u003c\/script>\\u003cscript>alert\(1\)/);
  });
});

describe('the file sink (mock --record DIR)', () => {
  it('appends each exchange as one JSON line, on disk by the time the client has the answer', async () => {
    const folder = freshFolder();
    const mock = testMock({ recordDir: join(folder, 'new', 'rec') });
    await search(mock, subjectQuery(SEEDED_PATIENT));
    const lines = () => readFileSync(join(folder, 'new', 'rec', 'exchanges.ndjson'), 'utf8').split('\n');
    assert.deepEqual(lines().slice(1), ['']);
    assert.equal((JSON.parse(lines()[0]!) as RecordedExchange).response.status, 200);
    await search(mock, { subject: 'nonsense' });
    const second = JSON.parse(lines()[1]!) as RecordedExchange;
    assert.equal(second.seq, 2);
    assert.equal(second.response.status, 400);
    assert.equal(second.fromAsid, CONSUMER.asid);
  });

  it('a folder that cannot be made is a RecordingError naming the reason', () => {
    const file = join(freshFolder(), 'a-file');
    writeFileSync(file, 'not a folder');
    const config = mockConfig(testFixtures(), { recordDir: file, reportInternalError: () => undefined });
    assert.throws(
      () => createMockApp(config),
      (error: unknown) => {
        assert.ok(error instanceof RecordingError);
        assert.match(error.message, /cannot create the folder \(EEXIST/);
        return true;
      },
    );
  });
});
