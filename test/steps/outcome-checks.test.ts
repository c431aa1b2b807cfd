// Each Then-check of the suite, fed a known-good response, passes; fed each known-bad variant, fails the
// facet it should, about the requirement it should, as data. A check that cannot fail proves nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CheckAttachment, CheckRecord } from '../../src/report/check.ts';
import type { Exchange } from '../../src/report/exchange.ts';
import { resourceToXml } from '../../src/domain/stu3-xml.ts';
import { CheckFailure, Judgement } from '../../steps/support/judgement.ts';
import {
  judgeLocation,
  judgeMediaType,
  judgeRefusal,
  judgeSearchset,
  judgeSpineCode,
  judgeSuccess,
  type Answered,
} from '../../steps/support/outcome-checks.ts';

const SYSTEM = 'https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1';
const PROFILE = 'https://fhir.nhs.uk/STU3/StructureDefinition/Spine-OperationOutcome-1';
const SUBJECT = { about: ['NRLS-SEARCH-017'], tags: ['NRLS-SEARCH-017', 'NRLS-ERR-012'] };

function answered(status: number, body: unknown, headers: Record<string, string> = {}): Answered {
  const json = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    purpose: 'test',
    startedAt: new Date(0).toISOString(),
    durationMs: 1,
    request: { method: 'GET', url: 'http://nrls.test/DocumentReference', headers: {} },
    response: { status, headers: { 'content-type': 'application/fhir+json;charset=utf-8', ...headers }, body: json },
  } as Exchange as Answered;
}

const outcome = (
  overrides: Record<string, unknown> = {},
  issue: Record<string, unknown> = {},
  coding: Record<string, unknown> = {},
) => ({
  resourceType: 'OperationOutcome',
  id: 'abc-123',
  meta: { profile: [PROFILE] },
  issue: [
    {
      severity: 'error',
      code: 'not-found',
      details: { coding: [{ system: SYSTEM, code: 'NO_RECORD_FOUND', display: 'No record found', ...coding }] },
      diagnostics: 'The given NHS number could not be found 9000000033',
      ...issue,
    },
  ],
  ...overrides,
});

interface Judged {
  records: CheckRecord[];
  failed: CheckRecord[];
  error?: unknown;
  result?: 'skipped';
}

/** Runs `judge` in a judgement as a step would, and keeps what it recorded and threw. */
async function judging(judge: (j: Judgement) => unknown, specOnly = false): Promise<Judged> {
  const attached: CheckAttachment[] = [];
  const context = {
    stage: 'scenario' as const,
    specOnly,
    redact: (text: string) => text,
    attach: (attachment: CheckAttachment) => attached.push(attachment),
  };
  let error: unknown;
  let result: 'skipped' | undefined;
  try {
    result = await Judgement.run(context, judge);
  } catch (thrown) {
    error = thrown;
  }
  const records = attached.flatMap((attachment) => attachment.checks);
  return { records, failed: records.filter((record) => record.outcome !== 'passed'), error, result };
}

const refusal =
  (exchange: Exchange, codes = ['NO_RECORD_FOUND']) =>
  (j: Judgement) => {
    const { answered: got, outcome: read } = judgeRefusal(j, exchange, {
      ...SUBJECT,
      negotiated: 'json',
      timeoutMs: 100,
    });
    judgeSpineCode(j, got, read, codes, SUBJECT);
  };

describe('the refusal check (§1.7, §2.6)', () => {
  it('passes the catalogue response, every facet recorded as passed', async () => {
    const judged = await judging(refusal(answered(404, outcome())));
    assert.equal(judged.error, undefined);
    assert.deepEqual(judged.failed, []);
    assert.deepEqual(
      judged.records.map((record) => record.name),
      [
        'no redirect',
        'refused',
        'an OperationOutcome',
        'one issue with severity and code',
        'a JSON body',
        'Spine code',
        'the status of NO_RECORD_FOUND',
        'severity',
        'issue code',
        'display',
        'coding system',
        'meta.profile',
        'OperationOutcome id',
      ],
    );
  });

  const BAD: [string, Exchange, string, string[], RegExp][] = [
    [
      'a success',
      answered(200, { resourceType: 'Bundle', id: 'b', type: 'searchset', total: 0 }),
      'refused',
      ['NRLS-SEARCH-017'],
      /^HTTP 200 Bundle of 0 pointers$/,
    ],
    ['a server error', answered(500, outcome()), 'refused', ['NRLS-SEARCH-017'], /^HTTP 500 NO_RECORD_FOUND/],
    [
      'a 500 HTML page',
      answered(500, '<html><title>500</title></html>', { 'content-type': 'text/html' }),
      'refused',
      ['NRLS-SEARCH-017'],
      /^HTTP 500 with body/,
    ],
    [
      'an HTML 404 page',
      answered(404, '<html><body>Not Found</body></html>', { 'content-type': 'text/html' }),
      'an OperationOutcome in FHIR JSON or XML',
      ['NRLS-OO-001'],
      /^Content-Type "text\/html"/,
    ],
    [
      'JSON that does not parse',
      answered(404, '{"resourceType":'),
      'an OperationOutcome in FHIR JSON or XML',
      ['NRLS-FMT-001', 'NRLS-GEN-001'],
      /^unparseable JSON/,
    ],
    [
      'XML outside the FHIR namespace',
      answered(404, '<OperationOutcome><id value="x"/></OperationOutcome>', { 'content-type': 'application/fhir+xml' }),
      'an OperationOutcome in FHIR JSON or XML',
      ['NRLS-FMT-001', 'NRLS-GEN-001'],
      /FHIR namespace/,
    ],
    [
      'a Bundle',
      answered(404, { resourceType: 'Bundle', id: 'x', type: 'searchset', total: 0 }),
      'an OperationOutcome',
      ['NRLS-OO-001'],
      /^a Bundle$/,
    ],
    [
      'two issues',
      answered(404, { ...outcome(), issue: [outcome().issue[0], outcome().issue[0]] }),
      'one issue with severity and code',
      ['NRLS-OO-001'],
      /^2 issues/,
    ],
    [
      'another Spine code',
      answered(404, outcome({}, {}, { code: 'INVALID_PARAMETER' })),
      'Spine code',
      ['NRLS-SEARCH-017'],
      /^Spine code INVALID_PARAMETER/,
    ],
    [
      'another display',
      answered(404, outcome({}, {}, { display: 'Not found' })),
      'display',
      ['NRLS-ERR-012'],
      /^display "Not found"$/,
    ],
    [
      'another coding system',
      answered(404, outcome({}, {}, { system: 'http://example.org' })),
      'coding system',
      ['NRLS-OO-002'],
      /example\.org/,
    ],
    [
      'another issue code',
      answered(404, outcome({}, { code: 'invalid' })),
      'issue code',
      ['NRLS-ERR-012'],
      /^issue code invalid$/,
    ],
    [
      'another severity',
      answered(404, outcome({}, { severity: 'warning' })),
      'severity',
      ['NRLS-ERR-012'],
      /^severity warning$/,
    ],
    ['no meta.profile', answered(404, outcome({ meta: undefined })), 'meta.profile', ['NRLS-OO-003'], /null/],
    ['no id', answered(404, outcome({ id: undefined })), 'OperationOutcome id', ['NRLS-OO-004'], /null/],
    [
      'XML where JSON was asked for',
      answered(404, resourceToXml(outcome() as never), { 'content-type': 'application/fhir+xml;charset=utf-8' }),
      'a JSON body',
      ['NRLS-FMT-011'],
      /fhir\+xml/,
    ],
    [
      'the catalogue code at the wrong status',
      answered(400, outcome()),
      'the status of NO_RECORD_FOUND',
      ['NRLS-ERR-012'],
      /^HTTP 400$/,
    ],
  ];
  for (const [name, exchange, facet, about, actual] of BAD) {
    it(`fails ${name}: the facet "${facet}", about ${about.join(', ')}, as data`, async () => {
      const judged = await judging(refusal(exchange));
      assert.ok(judged.error instanceof CheckFailure, 'the step fails');
      const failure = judged.failed.find((record) => record.name === facet);
      assert.ok(failure, `failed facets: ${judged.failed.map((record) => record.name).join(', ')}`);
      assert.deepEqual(failure.about, about);
      assert.equal(failure.outcome, 'failed');
      assert.equal(failure.kind, 'conformance');
      assert.match(failure.actual!, actual);
      assert.deepEqual(
        (judged.error as CheckFailure).records,
        judged.failed.filter((record) => record.outcome === 'failed'),
      );
    });
  }

  it('judges the shape of the code it got, whatever code was expected (one defect, one requirement)', async () => {
    const judged = await judging(
      refusal(
        answered(400, outcome({}, { code: 'invalid' }, { code: 'INVALID_PARAMETER', display: 'Invalid parameter' })),
      ),
    );
    assert.deepEqual(
      judged.failed.map((record) => record.name),
      ['Spine code'],
      'INVALID_PARAMETER has the shape of its own row',
    );
  });

  it('accepts either code where the spec allows either (AMB-19)', async () => {
    const judged = await judging(
      refusal(
        answered(400, outcome({}, { code: 'invalid' }, { code: 'INVALID_NHS_NUMBER', display: 'Invalid NHS number' })),
        ['INVALID_PARAMETER', 'INVALID_NHS_NUMBER'],
      ),
    );
    assert.deepEqual(judged.failed, []);
  });

  it(
    "AMB-45: the code system's display is the spec too; only " +
      "our choice of the NRLS page's display fails, as AMB-45",
    async () => {
      const duplicate = (display: string) =>
        answered(400, outcome({}, { code: 'duplicate' }, { code: 'DUPLICATE_REJECTED', display }));
      const judge = (exchange: Exchange, specOnly = false) =>
        judging(refusal(exchange, ['DUPLICATE_REJECTED']), specOnly);
      assert.deepEqual((await judge(duplicate('Duplicate DocumentReference'))).failed, []);
      const codeSystem = await judge(duplicate('Create would lead to creation of a duplicate resource'));
      assert.deepEqual(
        codeSystem.failed.map((record) => [record.name, record.amb, record.outcome]),
        [["the NRLS page's display", 'AMB-45', 'failed']],
      );
      assert.deepEqual(
        (await judge(duplicate('Create would lead to creation of a duplicate resource'), true)).failed.map(
          (record) => record.outcome,
        ),
        ['advisory'],
      );
      assert.deepEqual(
        (await judge(duplicate('Duplicate'))).failed.map((record) => [record.name, record.about]),
        [['display', ['NRLS-ERR-007']]],
      );
    },
  );

  it('stops at a failed gate: a body that is not an OperationOutcome has no code to compare', async () => {
    const judged = await judging(refusal(answered(404, '<html/>', { 'content-type': 'text/html' })));
    assert.deepEqual(
      judged.records.map((record) => [record.name, record.outcome]),
      [
        ['no redirect', 'passed'],
        ['refused', 'passed'],
        ['an OperationOutcome in FHIR JSON or XML', 'failed'],
      ],
    );
  });
});

describe('the basis of a facet: the spec, an AMB choice, or a recommendation', () => {
  const amb = (exchange: Exchange) => (j: Judgement) => {
    const { answered: got, outcome: read } = judgeRefusal(j, exchange, {
      ...SUBJECT,
      negotiated: 'json',
      timeoutMs: 100,
    });
    judgeSpineCode(j, got, read, ['NO_RECORD_FOUND'], { ...SUBJECT, amb: 'AMB-40' });
  };
  const otherCode = answered(
    400,
    outcome({}, { code: 'invalid' }, { code: 'INVALID_PARAMETER', display: 'Invalid parameter' }),
  );

  it('a facet resting on an AMB choice fails the step in a full run, naming the AMB', async () => {
    const judged = await judging(amb(otherCode));
    assert.ok(judged.error instanceof CheckFailure);
    assert.deepEqual(
      judged.failed.map((record) => [record.name, record.amb, record.outcome]),
      [['Spine code', 'AMB-40', 'failed']],
    );
  });

  it('under --spec-only it is advisory: recorded, and the step passes', async () => {
    const judged = await judging(amb(otherCode), true);
    assert.equal(judged.error, undefined);
    assert.deepEqual(
      judged.failed.map((record) => [record.name, record.amb, record.outcome]),
      [['Spine code', 'AMB-40', 'advisory']],
    );
  });

  it('under --spec-only a facet about a MOCK-REC requirement is advisory, one about a MUST still fails', async () => {
    const mockRec = await judging((j) => j.that({ name: 'id form', about: ['NRLS-GEN-004'] }, false, 'x', 'y'), true);
    assert.equal(mockRec.error, undefined);
    assert.equal(mockRec.failed[0]!.outcome, 'advisory');
    const must = await judging((j) => j.that({ name: 'versionId', about: ['NRLS-CREATE-008'] }, false, 'x', 'y'), true);
    assert.ok(must.error instanceof CheckFailure);
    assert.equal(must.failed[0]!.outcome, 'failed');
  });

  it('an advisory gate ends the scenario as skipped, not failed', async () => {
    const judged = await judging(
      (j) => j.require({ name: 'accepted', about: ['NRLS-HDR-005'], amb: 'AMB-02' }, false, 'HTTP 200', 'HTTP 400'),
      true,
    );
    assert.equal(judged.error, undefined);
    assert.equal(judged.result, 'skipped');
  });
});

describe('the transport facets: what happened to the request, as a kind', () => {
  const base = {
    purpose: 'test',
    startedAt: new Date(0).toISOString(),
    durationMs: 1,
    request: { method: 'GET', url: 'http://nrls.test/x', headers: {} },
  };
  const CASES: [string, Exchange, string][] = [
    ['silence', { ...base, error: { kind: 'timeout', message: 'no response within 100 ms' } }, 'timeout'],
    [
      'an oversized body',
      {
        ...base,
        response: { status: 200, headers: {}, body: '' },
        error: { kind: 'too-large', message: 'the response body exceeds the 8 MB the harness reads' },
      },
      'conformance',
    ],
    ['a reset connection', { ...base, error: { kind: 'connection', message: 'ECONNRESET' } }, 'unreachable'],
    ['a TLS failure', { ...base, error: { kind: 'tls', message: 'CERT_HAS_EXPIRED' } }, 'unreachable'],
    [
      'a redirect',
      { ...base, response: { status: 302, headers: { location: 'http://elsewhere.test/' }, body: '' } },
      'conformance',
    ],
  ];
  for (const [name, exchange, kind] of CASES) {
    it(`${name} is a failure of kind ${kind}`, async () => {
      const judged = await judging(refusal(exchange), true);
      assert.equal(judged.failed.length, 1);
      assert.equal(judged.failed[0]!.kind, kind);
      assert.equal(judged.failed[0]!.outcome, 'failed', 'binding even under --spec-only');
    });
  }
});

describe('the success, searchset, Location and media type checks', () => {
  const created = (text: unknown, status = 201) =>
    answered(
      status,
      outcome(
        {},
        {
          severity: 'information',
          code: 'informational',
          details: { coding: [{ system: SYSTEM, code: 'RESOURCE_CREATED', display: 'New resource created' }], text },
        },
      ),
    );
  const success = (exchange: Exchange) => (j: Judgement) =>
    judgeSuccess(j, exchange, {
      about: ['NRLS-CREATE-001'],
      tags: ['NRLS-CREATE-001'],
      code: 'RESOURCE_CREATED',
      timeoutMs: 100,
    });

  it(
    'NRLS-CREATE-005/006, NRLS-OO-005: a create answers 201 ' +
      'RESOURCE_CREATED with the Spine message UUID in details.text',
    async () => {
      assert.deepEqual((await judging(success(created('3de126fa-b5f5-4783-b67f-30c02b865016')))).failed, []);
      const noId = await judging(success(created('not a uuid')));
      assert.deepEqual(
        noId.failed.map((record) => [record.name, record.about]),
        [['Spine message id in details.text', ['NRLS-OO-005', 'NRLS-CREATE-006']]],
      );
      const ok200 = await judging(success(created('3de126fa-b5f5-4783-b67f-30c02b865016', 200)));
      assert.deepEqual(
        ok200.failed.map((record) => [record.name, record.about]),
        [['the status of RESOURCE_CREATED', ['NRLS-CREATE-005']]],
      );
      const refused = await judging(success(answered(400, outcome())));
      assert.deepEqual(
        refused.failed.map((record) => [record.name, record.about]),
        [['accepted', ['NRLS-CREATE-001']]],
      );
    },
  );

  it(
    "NRLS-OO-006 (AMB-43): a success body's coding system " + 'is a recommendation, not NRLS-OO-002 (errors only)',
    async () => {
      const judged = await judging(
        success(
          answered(
            201,
            outcome(
              {},
              {
                severity: 'information',
                code: 'informational',
                details: {
                  coding: [{ system: 'http://example.org', code: 'RESOURCE_CREATED', display: 'New resource created' }],
                  text: '3de126fa-b5f5-4783-b67f-30c02b865016',
                },
              },
            ),
          ),
        ),
        true,
      );
      assert.deepEqual(
        judged.failed.map((record) => [record.name, record.about, record.outcome]),
        [['coding system', ['NRLS-OO-006'], 'advisory']],
      );
    },
  );

  const pointer = {
    resourceType: 'DocumentReference',
    id: 'p1',
    meta: { versionId: '1' },
    status: 'current',
    type: { coding: [{ system: 'http://snomed.info/sct', code: '736253002', display: 'x' }] },
    subject: { reference: 's' },
    indexed: '2018-01-01T00:00:00Z',
    author: [{ reference: 'a' }],
    custodian: { reference: 'c' },
    content: [{ attachment: { url: 'u', contentType: 'a/b' } }],
  };
  const bundle = (overrides: Record<string, unknown> = {}) => ({
    resourceType: 'Bundle',
    id: 'b',
    type: 'searchset',
    total: 1,
    entry: [{ resource: pointer }],
    ...overrides,
  });
  const searchset =
    (exchange: Exchange, countOnly = false) =>
    (j: Judgement) =>
      judgeSearchset(j, exchange, { about: ['NRLS-SEARCH-002'], tags: [], timeoutMs: 100 }, countOnly);

  it('passes a bare searchset', async () => {
    assert.deepEqual((await judging(searchset(answered(200, bundle())))).failed, []);
  });

  const BAD: [string, unknown, string, string][] = [
    ['a self link', bundle({ link: [{ relation: 'self', url: 'x' }] }), 'no self link', 'NRLS-SEARCH-014'],
    [
      'entry.fullUrl',
      bundle({ entry: [{ fullUrl: 'x', resource: pointer }] }),
      'no fullUrl or search mode',
      'NRLS-SEARCH-014',
    ],
    [
      'entry.search.mode',
      bundle({ entry: [{ search: { mode: 'match' }, resource: pointer }] }),
      'no fullUrl or search mode',
      'NRLS-SEARCH-014',
    ],
    [
      'a pointer without versionId',
      bundle({ entry: [{ resource: { ...pointer, meta: {} } }] }),
      'meta.versionId on every pointer',
      'NRLS-SEARCH-015',
    ],
    [
      'a status outside the lifecycle',
      bundle({ entry: [{ resource: { ...pointer, status: 'draft' } }] }),
      'pointer statuses of the lifecycle',
      'NRLS-LIFE-001',
    ],
    ['a total that is not the number of entries', bundle({ total: 2 }), 'as many entries as total', 'NRLS-SEARCH-013'],
    ['a batch instead of a searchset', bundle({ type: 'batch' }), 'searchset with id and total', 'NRLS-SEARCH-014'],
    [
      'a pointer without custodian',
      bundle({ entry: [{ resource: { ...pointer, custodian: undefined } }] }),
      'entries are NRLS pointers',
      'NRLS-SEARCH-013',
    ],
  ];
  for (const [name, body, facet, about] of BAD) {
    it(`fails ${name}: ${facet} (${about})`, async () => {
      const judged = await judging(searchset(answered(200, body)));
      assert.deepEqual(
        judged.failed.map((record) => [record.name, record.about]),
        [[facet, [about]]],
      );
    });
  }

  it('NRLS-SEARCH-014: a link other than self is not ruled out', async () => {
    assert.deepEqual(
      (await judging(searchset(answered(200, bundle({ link: [{ relation: 'alternate', url: 'x' }] }))))).failed,
      [],
    );
  });

  it('NRLS-SEARCH-010: a _summary=count answer has no paging links', async () => {
    const judged = await judging(
      searchset(answered(200, bundle({ entry: undefined, total: 3, link: [{ relation: 'next', url: 'x' }] })), true),
    );
    assert.deepEqual(
      judged.failed.map((record) => [record.name, record.about]),
      [['no paging link', ['NRLS-SEARCH-010']]],
    );
  });

  it('NRLS-SEARCH-010: a _summary=count answer has no entries', async () => {
    const judged = await judging(searchset(answered(200, bundle()), true));
    assert.deepEqual(
      judged.failed.map((record) => [record.name, record.about]),
      [['a count without entries', ['NRLS-SEARCH-010']]],
    );
    assert.deepEqual(
      (await judging(searchset(answered(200, bundle({ entry: undefined, total: 3 })), true))).failed,
      [],
    );
  });

  it("NRLS-FMT-009 (AMB-15): the STU3 type of the body's own format, with charset utf-8", async () => {
    const media = (type: string) => judging((j) => judgeMediaType(j, answered(200, '{}', { 'content-type': type })));
    assert.deepEqual((await media('application/fhir+json;charset=utf-8')).failed, []);
    assert.deepEqual(
      (await media('application/fhir+xml;charset=utf-8')).failed,
      [],
      'XML is judged as XML: which format was due is another check',
    );
    assert.match((await media('application/json+fhir;charset=utf-8')).failed[0]!.actual!, /json\+fhir/);
    assert.match((await media('application/fhir+json')).failed[0]!.expected!, /charset=utf-8/);
  });

  it('NRLS-CREATE-007 (AMB-52): the Location must be the ?_id= form', async () => {
    const location = (value?: string) =>
      judging((j) =>
        judgeLocation(j, answered(201, '{}', value === undefined ? {} : { location: value }), ['NRLS-CREATE-007']),
      );
    assert.deepEqual((await location('https://nrls.test/DocumentReference?_id=abc')).failed, []);
    assert.equal(
      (await location('https://nrls.test/DocumentReference/abc')).failed[0]!.name,
      'Location in the ?_id= form',
    );
    assert.equal((await location()).failed[0]!.name, 'a Location header');
    assert.equal((await location('/DocumentReference?_id=abc')).failed[0]!.name, 'an absolute Location');
  });
});
