// assurance.html as a person sees it (issue 13, point 3): the one-fault run of the fixtures (the whole suite
// against the mock with location-path-form, trimmed) written as a run folder would hold it, opened from
// file:// in headless Chromium. Its script runs; the filter state comes from the address (#search=…,
// #status=…), so --dump-dom shows the filtered page. Screenshots are kept in reports/report-page/.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { AssuranceRun } from '../../src/report/model.ts';
import { renderAssuranceHtml } from '../../src/report/render-html.ts';
import { ROOT } from '../support/cli.ts';
import { chromiumSkip, runChromium } from '../support/chromium.ts';

const SHOTS = join(ROOT, 'reports', 'report-page');
const skip = chromiumSkip('report-page.test.ts');

/** Chromium on `url` with its script run: the DOM (--dump-dom) or a screenshot. */
const chromiumRun = (url: string, extra: string[]) => runChromium(url, extra);

/** The opening tags of the scenario entries and requirement rows, each with whether it is hidden. */
function filtered(dom: string, kind: 'scenario' | 'requirement') {
  return [...dom.matchAll(new RegExp(`<(details|tr) [^>]*data-filter="${kind}"[^>]*>`, 'g'))].map(([tag]) => ({
    tag: tag!,
    hidden: / hidden(="")?[ >]/.test(tag!),
    status: /data-status="([^"]+)"/.exec(tag!)![1],
  }));
}
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('the assurance report in Chromium', { skip }, () => {
  const run = JSON.parse(
    readFileSync(new URL('../fixtures/report/fail-run.json', import.meta.url), 'utf8'),
  ) as AssuranceRun;
  let dir = '';
  let page = '';

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'nrls-report-page-'));
    copyFileSync(join(ROOT, 'spec', 'nrls-api-1.2.md'), join(dir, 'nrls-api-1.2.md'));
    writeFileSync(join(dir, 'assurance.html'), renderAssuranceHtml(run, { catalogueHref: 'nrls-api-1.2.md' }));
    page = pathToFileURL(join(dir, 'assurance.html')).href;
    mkdirSync(SHOTS, { recursive: true });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('shows the verdict, the defect group, the chart and its text, the filters, every scenario folded', async () => {
    const dom = await chromiumRun(page, ['--dump-dom']);
    assert.match(dom, /<h2 id="verdict-heading"><span aria-hidden="true">✗<\/span> NOT CONFORMANT<\/h2>/);
    const defect = dom.slice(dom.indexOf('<article class="defect" id="defect-D1">'), dom.indexOf('</article>'));
    assert.match(textOf(defect), /D1: NRLS-CREATE-007 — Location in the \?_id= form/);
    assert.match(textOf(defect), /Failed 7 scenarios: .*Blocked 149 scenarios/);
    assert.match(dom, /<desc id="chart-desc">All: Scenarios \(\d+\): \d+ passed, 7 failed, 149 blocked/);
    assert.match(dom, /<form class="filters" id="filters" role="search"[^>]*>/);
    assert.doesNotMatch(/<form class="filters"[^>]*>/.exec(dom)![0], / hidden/, 'the script showed the filter bar');
    assert.match(dom, /Showing everything\. Type to search, or choose statuses\./);
    const scenarios = filtered(dom, 'scenario');
    assert.equal(scenarios.length, run.scenarios.length);
    assert.ok(
      scenarios.every((entry) => !entry.hidden && !/ open[ =>]/.test(entry.tag)),
      'all shown, all closed',
    );
  });

  it('#search=NRLS-CREATE-007 shows only what names it', async () => {
    const dom = await chromiumRun(`${page}#search=NRLS-CREATE-007`, ['--dump-dom']);
    const scenarios = filtered(dom, 'scenario');
    const shown = scenarios.filter((entry) => !entry.hidden);
    assert.ok(shown.length > 0 && shown.length < scenarios.length, `${shown.length} of ${scenarios.length}`);
    assert.ok(shown.every((entry) => entry.tag.includes('nrls-create-007')));
    const rows = filtered(dom, 'requirement');
    assert.deepEqual(
      rows.filter((row) => !row.hidden).map((row) => /id="([^"]+)"/.exec(row.tag)![1]),
      ['req-NRLS-CREATE-007'],
    );
    assert.match(dom, /<input type="search" id="filter-search"[^>]*>/);
    assert.match(
      textOf(dom),
      new RegExp(`Showing ${shown.length} of ${scenarios.length} scenarios, 1 of 264 requirements`),
    );
  });

  it('#status=failed shows the failed scenarios and requirements only, with its chip pressed', async () => {
    const dom = await chromiumRun(`${page}#status=failed`, ['--dump-dom']);
    const shown = filtered(dom, 'scenario').filter((entry) => !entry.hidden);
    assert.equal(shown.length, 7);
    assert.ok(shown.every((entry) => entry.status === 'failed'));
    assert.deepEqual(
      filtered(dom, 'requirement')
        .filter((row) => !row.hidden)
        .map((row) => row.status),
      ['failed'],
    );
    assert.match(dom, /<button type="button" class="chip" aria-pressed="true" data-statuses="failed">failed<\/button>/);
  });

  it('keeps screenshots of the overview and of a filtered view', async () => {
    const overview = join(SHOTS, 'overview.png');
    const filteredShot = join(SHOTS, 'filtered.png');
    rmSync(overview, { force: true });
    rmSync(filteredShot, { force: true });
    await chromiumRun(page, [`--screenshot=${overview}`, '--window-size=1280,2600']);
    await chromiumRun(`${page}#status=failed`, [`--screenshot=${filteredShot}`, '--window-size=1280,2600']);
    for (const shot of [overview, filteredShot]) assert.ok(statSync(shot).size > 10_000, `${shot} is a real picture`);
  });
});
