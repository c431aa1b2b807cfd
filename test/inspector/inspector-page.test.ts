// The inspector page (`GET {base}/_inspector`) as a person sees it: a mock on 127.0.0.1 gets a few requests,
// then headless Chromium loads the page, runs its script and dumps the DOM (and a screenshot, kept in
// reports/inspector/ for a reviewer). The client rules are a stand-in here, so the failures are known.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RuleVerdict } from '../../src/client-assurance/recorded-exchange.ts';
import type { JudgedRequest } from '../../src/client-assurance/rules.ts';
import { buildPointer } from '../../src/domain/pointer-builder.ts';
import { resourceToXml, type FhirResource } from '../../src/domain/stu3-xml.ts';
import { createMockApp } from '../../mock-server/app.ts';
import { mockConfig } from '../../mock-server/config.ts';
import {
  CONSUMER,
  KNOWN_PATIENT,
  PROVIDER,
  SEEDED_PATIENT,
  headersFor,
  listenOnFreePort,
  subjectQuery,
  testFixtures,
} from '../support/mock.ts';
import { ROOT } from '../support/cli.ts';
import { chromiumSkip, runChromium } from '../support/chromium.ts';

const SCREENSHOT = join(ROOT, 'reports', 'inspector', 'inspector.png');
const skip = chromiumSkip('inspector-page.test.ts');

/** Stand-in rules: fromASID must be present; a create should name a FHIR media type in Accept (a warning). */
function standInJudge(exchange: JudgedRequest): RuleVerdict[] {
  const value = (name: string) => exchange.request.headers.find(([sent]) => sent.toLowerCase() === name)?.[1];
  const fromAsid = value('fromasid');
  const verdicts: RuleVerdict[] = [
    {
      rule: 'from-asid-present',
      requirements: ['NRLS-HDR-001'],
      outcome: fromAsid ? 'passed' : 'failed',
      detail: fromAsid ? 'fromASID is sent' : 'The fromASID header is missing',
    },
  ];
  const accept = value('accept');
  if (exchange.request.method === 'POST' && !accept?.includes('fhir')) {
    const detail = `Accept is ${accept ?? 'absent'}`;
    verdicts.push({ rule: 'accept-fhir-media-type', requirements: ['NRLS-FMT-001'], outcome: 'warning', detail });
  }
  return verdicts;
}

/** Chromium's DOM of `url` after its script ran (3 s of virtual time: one poll included). */
const chromiumDom = (url: string, extra: string[] = []) => runChromium(url, extra, 60_000);

/** The text a person reads in an HTML fragment (tags dropped, the usual entities read back). */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

/** The rows of the exchanges table, newest first: `{seq, text}` of each row and whether its detail is open. */
function rowsOf(dom: string) {
  const rows = [...dom.matchAll(/<tr class="exchange" data-seq="(\d+)">([\s\S]*?)<\/tr>/g)];
  return rows.map(([, seq, html]) => ({ seq: Number(seq), text: textOf(html!) }));
}
function detailOf(dom: string, seq: number) {
  const found = new RegExp(
    `<tr class="detail" id="exchange-${seq}-detail"( hidden="")?>([\\s\\S]*?)(<tr class="exchange"|<p id="empty")`,
  ).exec(dom);
  assert.ok(found, `the detail row of exchange ${seq}`);
  return { open: found[1] === undefined, text: textOf(found[2]!) };
}

describe('the inspector page in Chromium', { skip }, () => {
  let base = '';
  let close: () => Promise<void> = async () => undefined;

  before(async () => {
    const config = mockConfig(testFixtures(), {
      basePath: '/nrls-ri',
      judgeExchange: standInJudge,
      reportInternalError: (error) => assert.fail(String(error)),
    });
    const listening = await listenOnFreePort(createMockApp(config).handle);
    close = listening.close;
    base = `http://127.0.0.1:${listening.port}/nrls-ri`;
    const search = new URLSearchParams(subjectQuery(SEEDED_PATIENT));
    const pointer = buildPointer({ nhsNumber: KNOWN_PATIENT, custodian: PROVIDER.ods }) as unknown as FhirResource;
    const sent: (() => Promise<Response>)[] = [
      // 1: a consumer's search, answered 200
      () =>
        fetch(`${base}/DocumentReference?${search}`, {
          headers: { ...headersFor(CONSUMER, 'read'), Accept: 'application/fhir+json' },
        }),
      // 2: a provider's create in XML without Accept: 201 and a warning
      () =>
        fetch(`${base}/DocumentReference`, {
          method: 'POST',
          headers: { ...headersFor(PROVIDER, 'write'), 'Content-Type': 'application/fhir+xml' },
          body: resourceToXml(pointer),
        }),
      // 3: a search without fromASID: refused 400, and the rule fails
      () => fetch(`${base}/DocumentReference?${search}`, { headers: { Accept: 'application/fhir+json' } }),
    ];
    // One at a time, so their order is known.
    for (const request of sent) await (await request()).text();
  });
  after(() => close());

  it('shows each exchange, newest first, with its time, fromASID, request, status and verdict', async () => {
    const dom = await chromiumDom(`${base}/_inspector`, ['--dump-dom']);
    const rows = rowsOf(dom);
    assert.deepEqual(
      rows.map((row) => row.seq),
      [3, 2, 1],
    );
    assert.match(
      rows[0]!.text,
      /GET \/nrls-ri\/DocumentReference\?subject=.* 400 MISSING_OR_INVALID_HEADER .*1 failed from-asid-present/,
    );
    assert.match(rows[0]!.text, /\(none\)/);
    assert.match(
      rows[1]!.text,
      new RegExp(
        `${PROVIDER.asid} POST /nrls-ri/DocumentReference 201 RESOURCE_CREATED 1 warning accept-fhir-media-type`,
      ),
    );
    assert.match(rows[2]!.text, new RegExp(`^ ?\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ${CONSUMER.asid} GET .* 200 passed`));
    assert.match(textOf(dom), /3 of 3 exchanges shown/);
    assert.match(textOf(dom), /Live: checked at/, 'the page polled exchanges.json');
    assert.equal(detailOf(dom, 2).open, false, 'rows start closed');
    // The XML body is text on the page, not markup.
    assert.match(detailOf(dom, 2).text, /<DocumentReference xmlns="http:\/\/hl7.org\/fhir">/);
    assert.doesNotMatch(dom, /<documentreference/i);
  });

  it('?verdict=failed shows the failed exchange only; #exchange-3 opens it: rule, requirement, detail', async () => {
    const dom = await chromiumDom(`${base}/_inspector?verdict=failed#exchange-3`, ['--dump-dom']);
    assert.deepEqual(
      rowsOf(dom).map((row) => row.seq),
      [3],
    );
    assert.match(textOf(dom), /1 of 3 exchanges shown/);
    assert.match(dom, /<option value="failed" selected="">|<select id="verdict">/);
    const detail = detailOf(dom, 3);
    assert.equal(detail.open, true);
    assert.match(detail.text, /failed from-asid-present NRLS-HDR-001 The fromASID header is missing/);
    assert.match(detail.text, /Accept application\/fhir\+json/);
    assert.match(detail.text, /MISSING_OR_INVALID_HEADER/);
  });

  it('?asid= shows only that system’s exchanges', async () => {
    const dom = await chromiumDom(`${base}/_inspector?asid=${PROVIDER.asid}`, ['--dump-dom']);
    assert.deepEqual(
      rowsOf(dom).map((row) => row.seq),
      [2],
    );
  });

  it('takes a screenshot a reviewer can look at (reports/inspector/inspector.png)', async () => {
    mkdirSync(join(ROOT, 'reports', 'inspector'), { recursive: true });
    rmSync(SCREENSHOT, { force: true });
    await chromiumDom(`${base}/_inspector#exchange-2`, [
      `--screenshot=${SCREENSHOT}`,
      '--window-size=1280,900',
      '--hide-scrollbars',
    ]);
    assert.ok(existsSync(SCREENSHOT), 'the screenshot was written');
    assert.ok(statSync(SCREENSHOT).size > 10 * 1024, `the screenshot has content (${statSync(SCREENSHOT).size} bytes)`);
  });
});
