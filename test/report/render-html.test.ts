import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Exchange } from '../../src/report/exchange.ts';
import { createHash } from 'node:crypto';
import { FILTER_SCRIPT, FILTER_SCRIPT_ELEMENT } from '../../src/report/html/filter.ts';
import { escapeHtml, floorPercent } from '../../src/report/html/markup.ts';
import type { AssuranceRun, JudgedCheck, RequirementRow, ScenarioResult } from '../../src/report/model.ts';
import { renderAssuranceHtml } from '../../src/report/render-html.ts';

// Real runs, trimmed: passed and blocked scenarios lost their exchanges and their passed checks, but for one
// XML exchange. pass-run.json is the suite against the mock; fail-run.json against the mock with the fault
// location-path-form (one defect, NRLS-CREATE-007: 7 scenarios failed, 149 blocked). npm run report-fixtures
// makes all three again.
const loadRun = (name: string): AssuranceRun =>
  JSON.parse(readFileSync(new URL(`../fixtures/report/${name}`, import.meta.url), 'utf8')) as AssuranceRun;
const passRun = loadRun('pass-run.json');
const failRun = loadRun('fail-run.json');
const passPage = renderAssuranceHtml(passRun);
const failPage = renderAssuranceHtml(failRun);

/** How a <pre> body is written: only &, < and > escaped (quotes need no escaping in element content). */
const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const FAILED_ID = 'features/create.feature:26';
const FAILED_ANCHOR = 'scenario-features-create-feature-26';

/** The markup of one step: from its element to the next step of the same scenario (or the end of its list). */
function stepMarkup(page: string, anchor: string, step: number): string {
  const start = page.indexOf(`id="${anchor}--step-${step}"`);
  assert.ok(start >= 0, `step ${step} of ${anchor} is in the page`);
  const next = page.indexOf(`id="${anchor}--step-${step + 1}"`, start);
  return page.slice(start, next >= 0 ? next : page.indexOf('</ol>', start));
}

function exchange(overrides: Partial<Exchange> = {}): Exchange {
  return {
    purpose: 'search for the patient',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 4,
    request: {
      method: 'GET',
      url: 'http://target.test/DocumentReference?subject=x',
      headers: { fromASID: '1', Authorization: 'Bearer [REDACTED]' },
      jwtClaims: { scope: 'patient/DocumentReference.read' },
    },
    response: {
      status: 200,
      headers: { 'content-type': 'application/fhir+json' },
      body: '{"resourceType":"Bundle","total":0}',
    },
    ...overrides,
  };
}

function failedCheck(overrides: Partial<JudgedCheck> = {}): JudgedCheck {
  return {
    name: 'status',
    about: ['REQ-1'],
    stage: 'scenario',
    outcome: 'failed',
    kind: 'conformance',
    basis: 'spec',
    expected: 'HTTP 400',
    actual: 'HTTP 200',
    ...overrides,
  };
}

function scenario(
  id: string,
  status: ScenarioResult['status'],
  overrides: Partial<ScenarioResult> = {},
): ScenarioResult {
  return {
    id,
    name: `Scenario ${id}`,
    feature: 'Search pointers',
    uri: id.split(':')[0]!,
    line: Number(id.split(':')[1]),
    area: 'search',
    tags: ['@area-search', '@REQ-1'],
    requirementIds: ['REQ-1'],
    ambiguityIds: [],
    status,
    findings: status === 'failed' ? [{ ...failedCheck(), outcome: 'failed', kind: 'conformance', defect: 'D1' }] : [],
    durationMs: 5,
    steps: [
      {
        keyword: 'When',
        text: 'the consumer searches',
        status: 'passed',
        durationMs: 4,
        checks: [],
        exchanges: [exchange()],
      },
      status === 'passed'
        ? { keyword: 'Then', text: 'the response is 200', status: 'passed', durationMs: 0, checks: [], exchanges: [] }
        : {
            keyword: 'Then',
            text: 'the response is 400',
            status: 'failed',
            durationMs: 0,
            checks: [failedCheck()],
            exchanges: [],
          },
    ],
    ...overrides,
  };
}

function requirement(
  id: string,
  status: RequirementRow['status'],
  scenarioIds: string[],
  reason?: string,
): RequirementRow {
  return {
    id,
    level: 'MUST',
    summary: `Summary of ${id}`,
    area: 'search',
    section: '§2.3',
    ambiguityIds: [],
    status,
    scenarioIds,
    defects: [],
    checksPassed: 0,
    ...(reason ? { reason } : {}),
  };
}

/** A small run: 2 of 3 scenarios passed. */
function smallRun(overrides: Partial<AssuranceRun> = {}): AssuranceRun {
  const scenarios = [
    scenario('features/a.feature:1', 'passed'),
    scenario('features/a.feature:2', 'passed'),
    scenario('features/a.feature:3', 'failed'),
  ];
  return {
    schemaVersion: 2,
    run: {
      id: 'run-1',
      harness: { name: 'nrls-conformance', version: '9.9.9', commit: 'c0ffee1' },
      spec: { name: 'NRLS FHIR API 1.2.x', catalogue: 'catalogue.md' },
      target: { name: 'Test NRLS', baseUrl: 'https://nrls.example.nhs.uk/nrls', embeddedMock: false },
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:01:05.500Z',
      durationMs: 65_500,
      node: 'v20.0.0',
      platform: 'linux x64',
      tagFilter: '(@area-search) and not @two-record-types',
      userTags: '@area-search',
      specOnly: false,
      parallel: 4,
    },
    verdict: 'not conformant',
    verdictReason: '1 requirement failed, from 1 defect; 1 scenario failed and 0 were blocked',
    judged: { requirements: 2, testable: 2 },
    scenarioTotals: { passed: 2, failed: 1, blocked: 0, broken: 0, advisory: 0, skipped: 0 },
    requirementTotals: { passed: 1, failed: 1, blocked: 0, broken: 0, advisory: 0, 'not run': 0, 'not testable': 1 },
    areas: [{ area: 'search', passed: 2, failed: 1, blocked: 0, broken: 0, advisory: 0, skipped: 0 }],
    defects: [
      {
        id: 'D1',
        about: ['REQ-1'],
        name: 'status',
        basis: 'spec',
        outcome: 'failed',
        kind: 'conformance',
        expected: 'HTTP 400',
        actual: 'HTTP 200',
        stage: 'scenario',
        failedScenarios: ['features/a.feature:3'],
        blockedScenarios: [],
      },
    ],
    requirements: [
      requirement(
        'REQ-1',
        'failed',
        scenarios.map((s) => s.id),
      ),
      requirement('REQ-2', 'passed', ['features/a.feature:1']),
      requirement('REQ-3', 'not testable', [], 'INFO: context, not a requirement'),
    ],
    ambiguities: [
      {
        id: 'AMB-01',
        topic: 'A topic',
        recommendation: 'Our reading',
        status: 'passed',
        scenarioIds: ['features/a.feature:1'],
      },
    ],
    scenarios,
    cleanup: { deleted: 3, left: [] },
    notRun: [],
    redactedSecrets: ['headers.X-Api-Key'],
    ...overrides,
  };
}

describe('assurance HTML: order of the page', () => {
  it('puts the verdict first; then defects, failures, overview, identity, matrix, scenarios', () => {
    const verdict = failPage.indexOf('NOT CONFORMANT');
    assert.ok(verdict > 0);
    assert.ok(failPage.indexOf(escapeHtml(failRun.verdictReason)) > verdict);
    const later = [
      'id="defects-heading"',
      'id="failures-heading"',
      'id="overview-heading"',
      'id="identity-heading"',
      'id="requirements"',
      'id="ambiguities"',
      'id="scenarios"',
    ].map((marker) => failPage.indexOf(marker));
    assert.ok(
      later.every((index) => index > verdict),
      'everything follows the verdict',
    );
    assert.deepEqual(
      [...later].sort((a, b) => a - b),
      later,
      'defects, failures, overview, identity, matrix, ambiguities, scenarios, in that order',
    );
    assert.ok(passPage.indexOf('✓</span> CONFORMANT') < passPage.indexOf('id="requirements"'));
  });

  it('names each verdict in words, with its own banner class', () => {
    assert.match(passPage, /class="verdict verdict-conformant"[\s\S]*?> CONFORMANT<\/h2>/);
    assert.match(failPage, /class="verdict verdict-not-conformant"[\s\S]*?> NOT CONFORMANT<\/h2>/);
    const incomplete = renderAssuranceHtml(smallRun({ verdict: 'incomplete', verdictReason: 'a scenario was broken' }));
    assert.match(
      incomplete,
      new RegExp(
        /class="verdict verdict-incomplete"[\s\S]*?> INCOMPLETE<\/h/.source +
          /2>\s*<p class="verdict-reason">a scenario was broken<\/p>/.source,
      ),
    );
    const partial = renderAssuranceHtml(
      smallRun({ verdict: 'partial', verdictReason: 'partial: 2 of 211 testable requirements judged' }),
    );
    assert.match(partial, /class="verdict verdict-partial"[\s\S]*?> PASSED \(PARTIAL RUN\)<\/h2>/);
    assert.ok(partial.includes('A partial run (tags <code>@area-search</code>) can pass but is never conformant'));
    assert.ok(!partial.includes('> CONFORMANT<'));
  });

  it('leads with the defects, and lists each failed scenario once, folded, under All scenarios', () => {
    assert.ok(!failPage.includes('<article class="scenario'), 'no failed scenario is repeated in full');
    const entry = failPage.indexOf(
      `<details class="scenario scenario-failed" id="${FAILED_ANCHOR}" data-filter="scenario"`,
    );
    assert.ok(entry > failPage.indexOf('id="scenarios"'), 'its entry is under All scenarios');
    assert.ok(failPage.indexOf('<article class="defect" id="defect-D1">') < failPage.indexOf('id="overview-heading"'));
    const failures = failPage.slice(
      failPage.indexOf('id="failures-heading"'),
      failPage.indexOf('id="overview-heading"'),
    );
    assert.equal(failures.match(/<li><span class="status status-failed">/g)?.length, 7, 'one line per failed scenario');
    assert.ok(failures.includes(`<a href="#${FAILED_ANCHOR}">`));
    assert.match(passPage, /Failed and broken scenarios \(0\)<\/h2>\s*<p>No scenario failed or was broken\.<\/p>/);
    assert.match(passPage, /Defects \(0\)<\/h2>\s*<p>No check failed\.<\/p>/);
  });

  it('folds every scenario: no <details> of a scenario, an evidence or a list is open', () => {
    for (const page of [passPage, failPage]) {
      assert.equal(page.match(/<details class="(scenario|evidence|links-fold)[^"]*"[^>]* open[ >]/g), null);
    }
    assert.equal(failPage.match(/<details class="scenario /g)?.length, failRun.scenarios.length);
  });

  it('lists each defect once, with the requirements it is about and every scenario it failed or blocked', () => {
    const [defect] = failRun.defects;
    assert.equal(failRun.defects.length, 1);
    const start = failPage.indexOf('<article class="defect" id="defect-D1">');
    assert.ok(start > failPage.indexOf('id="defects-heading"') && start < failPage.indexOf('id="failures-heading"'));
    assert.ok(start < failPage.indexOf('id="identity-heading"'), 'the defects lead the page');
    const markup = failPage.slice(start, failPage.indexOf('</article>', start));
    assert.ok(markup.includes('<a href="#req-NRLS-CREATE-007">NRLS-CREATE-007</a>'));
    assert.ok(markup.includes(`<pre class="expected">${escapeHtml(defect!.expected)}</pre>`));
    assert.ok(markup.includes(`Failed ${defect!.failedScenarios.length} scenarios`));
    assert.ok(
      markup.includes(`Blocked ${defect!.blockedScenarios.length} scenarios (their own requirements were not judged)`),
    );
    assert.match(failPage, /7 failed, 149 blocked, 0 broken, 0 advisory/);
  });

  it('shows blocked scenarios folded, naming the defect that blocked them, and keeps them out of the failures', () => {
    const blocked = failRun.scenarios.find((candidate) => candidate.status === 'blocked')!;
    const anchor = `scenario-${blocked.id.replace(/[^A-Za-z0-9_]+/g, '-')}`;
    assert.ok(
      !failPage.includes(`<article class="scenario scenario-blocked" id="${anchor}"`),
      'not repeated under the failures',
    );
    const start = failPage.indexOf(`<details class="scenario scenario-blocked" id="${anchor}" `);
    assert.ok(start > failPage.indexOf('id="scenarios"'));
    assert.ok(
      failPage
        .slice(start, failPage.indexOf('</details>\n', start))
        .includes('<dt>Blocked by</dt><dd><a href="#defect-D1">D1</a>'),
    );
  });

  it('says which findings are advisory, and that they do not change the verdict', () => {
    const advisory = smallRun({
      run: { ...smallRun().run, specOnly: true },
      verdict: 'partial',
      defects: [
        {
          id: 'D1',
          about: ['REQ-1'],
          name: 'Spine code',
          amb: 'AMB-10',
          basis: 'amb',
          outcome: 'advisory',
          kind: 'conformance',
          expected: 'Spine code ACCESS_DENIED',
          actual: 'Spine code INVALID_RESOURCE',
          stage: 'scenario',
          failedScenarios: ['features/a.feature:3'],
          blockedScenarios: [],
        },
      ],
    });
    const page = renderAssuranceHtml(advisory);
    assert.ok(page.includes('Overall verdict on the spec alone (--spec-only)'));
    assert.ok(page.includes('<article class="defect defect-advisory" id="defect-D1">'));
    assert.ok(
      page.includes(
        'Basis: our choice AMB-10 — differs from the recommended behaviour; it does not change the verdict.',
      ),
    );
  });
});

describe('assurance HTML: run identity and totals', () => {
  it('identifies the harness, spec, target, times, environment, filter and the names of redacted secrets', () => {
    const { run } = failRun;
    for (const text of [
      run.harness.name,
      run.harness.version,
      run.harness.commit,
      run.spec.name,
      run.spec.catalogue,
      run.target.name,
      run.target.baseUrl,
      run.startedAt,
      run.finishedAt,
      run.node,
      run.platform,
    ]) {
      assert.ok(failPage.includes(escapeHtml(text)), text);
    }
    assert.ok(
      renderAssuranceHtml(smallRun()).includes(
        'headers.X-Api-Key <span class="muted">(names only; values never appear in this report)</span>',
      ),
    );
    assert.ok(failPage.includes('yes: the harness tested its own mock server'));
    assert.ok(failPage.includes('none: the whole suite'), 'an empty tag filter is the whole suite');
    assert.ok(failPage.includes(`(${run.durationMs} ms)`));
    const small = renderAssuranceHtml(smallRun());
    assert.ok(small.includes('<code>@area-search</code>: a partial run'));
    assert.ok(small.includes('<tr><th scope="row">Parallel workers</th><td>4</td></tr>'));
    assert.ok(small.includes('no: an external target'));
    assert.ok(small.includes('1 min 5.5 s (65500 ms)'));
  });

  it('links the catalogue to its copy beside the page, in the run identity and the matrix, when it has one', () => {
    const linked = renderAssuranceHtml(failRun, { catalogueHref: 'nrls-api-1.2.md' });
    const link = '<a href="nrls-api-1.2.md">nrls-api-1.2.md</a>';
    assert.ok(linked.includes(`requirement catalogue: ${link}</span>`));
    assert.ok(linked.includes(`<p>Every requirement of the catalogue ${link}, with the scenarios`));
    assert.equal(linked.split(link).length - 1, 2, 'linked by name twice');
    assert.ok(
      linked.includes('<a class="in-catalogue" href="nrls-api-1.2.md#:~:text=%7C%20NRLS%2DCREATE%2D007%20%7C" title='),
      'each requirement links to its row in the catalogue (a text fragment: dashes escaped)',
    );
    assert.equal(linked.match(/class="in-catalogue"/g)?.length, failRun.requirements.length);
    assert.ok(!failPage.includes('href="nrls-api-1.2.md"'), 'without a copy, the name is plain text');
    assert.ok(failPage.includes('requirement catalogue: nrls-api-1.2.md</span>'));
    const hostile = renderAssuranceHtml(smallRun(), { catalogueHref: '"><script>alert(1)</script>' });
    assert.ok(
      hostile.includes('<a href="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">'),
      'the address is escaped like any value',
    );
    assert.ok(!hostile.includes('<script>alert'));
  });

  it('never rounds a pass rate up', () => {
    assert.equal(floorPercent(2, 3), '66.6%');
    assert.equal(floorPercent(237, 238), '99.5%');
    assert.equal(floorPercent(238, 238), '100%');
    assert.equal(floorPercent(9999, 10_000), '99.9%');
    assert.equal(floorPercent(1, 1000), '0.1%');
    assert.equal(floorPercent(0, 5), '0%');
    assert.equal(floorPercent(0, 0), 'n/a');
    const small = renderAssuranceHtml(smallRun());
    assert.ok(small.includes('2 of 3 passed (66.6%)'));
    assert.ok(!small.includes('66.7'));
    const { scenarioTotals: totals, judged } = failRun;
    const all = failRun.scenarios.length;
    assert.ok(failPage.includes(`${totals.passed} of ${all} passed (${floorPercent(totals.passed, all)})`));
    assert.ok(
      failPage.includes(
        `${failRun.requirementTotals.passed} of ${judged.testable} testable requirements ` +
          `proved (${floorPercent(failRun.requirementTotals.passed, judged.testable)})`,
      ),
    );
    assert.ok(passPage.includes(`${passRun.scenarios.length} of ${passRun.scenarios.length} passed (100%)`));
  });

  it('summarises scenarios by area and requirements by status', () => {
    for (const area of failRun.areas)
      assert.ok(failPage.includes(`<th scope="row">${escapeHtml(area.area)}</th>`), area.area);
    assert.match(
      failPage,
      new RegExp(
        /<tr class="row-failed"><th scope="row">create<\/th><td class="num/.source +
          /ber">66<\/td><td class="number">7<\/td><td class="number">2<\/td>/.source,
      ),
    );
    assert.match(
      failPage,
      new RegExp(
        /<tr class="row-blocked"><th scope="row">search<\/th><td class="num/.source +
          /ber">8<\/td><td class="number">0<\/td><td class="number">29<\/td>/.source,
      ),
    );
    for (const [status, count] of Object.entries(failRun.requirementTotals)) {
      assert.match(failPage, new RegExp(`> ${status}</span></th><td class="number">${count}</td>`), status);
    }
  });
});

describe('assurance HTML: failure evidence', () => {
  const failed = failRun.scenarios.find((s) => s.id === FAILED_ID)!;
  const failingStep = failed.steps.findIndex((step) => step.status === 'failed') + 1;

  it(
    'shows the failing step with the check that failed: expected ' +
      'and actual side by side, the requirement and its basis',
    () => {
      const markup = stepMarkup(failPage, FAILED_ANCHOR, failingStep);
      const check = failed.steps[failingStep - 1]!.checks.find((candidate) => candidate.outcome === 'failed')!;
      assert.ok(markup.includes(`<pre class="expected">${escapeHtml(check.expected!)}</pre>`));
      assert.ok(markup.includes(`<pre class="actual">${escapeHtml(check.actual!)}</pre>`));
      assert.ok(markup.includes('class="columns expected-actual"'));
      assert.ok(markup.includes(`Failed check: ${escapeHtml(check.name)}`));
      assert.ok(
        markup.includes(
          'about <ul class="links"><li><a href="#req-NRLS-CREATE-007">NRLS-CREATE-007</a></li></ul> · basis: the spec',
        ),
      );
    },
  );

  it(
    'shows the judged exchange open inside the step that made ' + 'it: method, URL, headers, claims, status and body',
    () => {
      const stepsWithExchanges = failed.steps.map((step, index) =>
        step.exchanges.length > 0 && index < failingStep ? index + 1 : 0,
      );
      const madeBy = Math.max(...stepsWithExchanges);
      const judged = failed.steps[madeBy - 1]!.exchanges.at(-1)!;
      const markup = stepMarkup(failPage, FAILED_ANCHOR, madeBy);
      assert.match(markup, /<details class="exchange" id="[^"]+" open>/);
      assert.ok(
        markup.includes(
          `<span class="method">${judged.request.method}</span> <span ` +
            `class="url">${escapeHtml(judged.request.url)}</span>`,
        ),
      );
      assert.ok(markup.includes(`HTTP <strong>${judged.response!.status}</strong>`));
      assert.ok(
        failPage.includes(escapeText(JSON.stringify(JSON.parse(judged.response!.body), null, 2))) &&
          (markup.includes(escapeText(JSON.stringify(JSON.parse(judged.response!.body), null, 2))) ||
            /The same \d+ characters as <a href="#body-\d+">the body shown earlier<\/a>/.test(markup)),
        'the JSON body, pretty-printed (or a link to its copy under the defect, shown first)',
      );
      assert.ok(markup.includes('<b>location</b>: '), 'the response headers, the Location judged among them');
      assert.ok(markup.includes('<b>fromASID</b>: '));
      assert.ok(markup.includes('Bearer [REDACTED]'));
      assert.ok(markup.includes('the token itself is redacted'));
      assert.ok(markup.includes(escapeText(JSON.stringify(judged.request.jwtClaims, null, 2))));
      assert.ok(
        stepMarkup(failPage, FAILED_ANCHOR, failingStep).includes(`made by step ${madeBy}, above`),
        'the failing step points at it',
      );
    },
  );

  it('shows an exchange made by the failing step itself inside that step, with transport errors and truncation', () => {
    const broken = scenario('features/b.feature:9', 'broken', {
      steps: [
        {
          keyword: 'When',
          text: 'the consumer searches',
          status: 'broken',
          durationMs: 30_000,
          checks: [],
          error: { message: 'TypeError: the scenario went wrong' },
          exchanges: [
            exchange({
              response: undefined,
              error: { kind: 'connection', message: 'connect ECONNREFUSED 10.0.0.1:443' },
            }),
          ],
        },
        { keyword: 'Then', text: 'the response is 200', status: 'skipped', durationMs: 0, checks: [], exchanges: [] },
      ],
    });
    const truncated = scenario('features/b.feature:10', 'failed', {
      steps: [
        {
          keyword: 'When',
          text: 'the consumer reads',
          status: 'failed',
          durationMs: 1,
          checks: [failedCheck({ expected: 'a Bundle', actual: 'unparseable JSON' })],
          exchanges: [
            exchange({ response: { status: 200, headers: {}, body: '{"resourceType":"Bun', truncated: true } }),
          ],
        },
      ],
    });
    const page = renderAssuranceHtml(smallRun({ verdict: 'incomplete', scenarios: [broken, truncated] }));
    const brokenStep = stepMarkup(page, 'scenario-features-b-feature-9', 1);
    assert.ok(
      brokenStep.includes(
        'The step could not judge (a harness or scenario fault)</p><pre ' +
          'class="message">TypeError: the scenario went wrong</pre>',
      ),
      'a harness error is shown whole',
    );
    assert.ok(brokenStep.includes('No response was received.'));
    assert.ok(brokenStep.includes('<strong>Transport error (connection):</strong> connect ECONNREFUSED 10.0.0.1:443'));
    assert.ok(brokenStep.includes('(in this step, below)'));
    const truncatedStep = stepMarkup(page, 'scenario-features-b-feature-10', 1);
    assert.ok(truncatedStep.includes('{"resourceType":"Bun</pre>'), 'a truncated body is shown as sent');
    assert.ok(truncatedStep.includes('The body was truncated to the evidence size limit.'));
  });

  it('shows XML bodies as text', () => {
    const xml = passRun.scenarios
      .flatMap((s) => s.steps.flatMap((step) => step.exchanges))
      .find((e) => e.response?.body.startsWith('<?xml'))!;
    assert.ok(xml, 'the pass fixture keeps an XML exchange');
    assert.match(passPage, /<pre class="body"( id="body-\d+")?>&lt;\?xml/);
    assert.ok(passPage.includes(`${escapeText(xml.response!.body)}</pre>`));
  });
});

describe('assurance HTML: requirement matrix and ambiguities', () => {
  it('has a row with a stable anchor for every requirement, failed and blocked ones first', () => {
    assert.equal(failRun.requirements.length, 264);
    assert.equal(failPage.match(/<tr id="req-/g)?.length, 264);
    for (const row of failRun.requirements) {
      assert.ok(
        failPage.includes(
          `<tr id="req-${row.id}" class="row-${row.status.replace(' ', '-')}" data-filter="requirement" ` +
            `data-status="${row.status}">\n<th scope="row">${row.id}<span class="req-level">`,
        ),
        row.id,
      );
    }
    const firstFailed = failRun.requirements.find((row) => row.status === 'failed')!;
    assert.ok(
      failPage.indexOf(`id="req-${firstFailed.id}"`) < failPage.indexOf(`id="req-${failRun.requirements[0]!.id}"`),
    );
  });

  it('gives the reason for every requirement that is not testable or did not run', () => {
    const explained = failRun.requirements.filter((row) => row.status === 'not testable' || row.status === 'not run');
    assert.ok(explained.length > 0);
    for (const row of explained) {
      const start = failPage.indexOf(`<tr id="req-${row.id}"`);
      assert.ok(
        failPage
          .slice(start, failPage.indexOf('</tr>', start))
          .includes(`<span class="reason">${escapeHtml(row.reason!)}</span>`),
        row.id,
      );
    }
  });

  it('lists every ambiguity and explains how --spec-only judges the spec alone', () => {
    assert.equal(failPage.match(/<tr id="amb-/g)?.length, failRun.ambiguities.length);
    assert.ok(failPage.includes('run with <code>--spec-only</code> to judge a real NRLS on the spec alone'));
    const start = failPage.indexOf('<tr id="amb-AMB-30"');
    assert.ok(
      failPage.slice(start, failPage.indexOf('</tr>', start)).includes('href="#scenario-features-create-feature-37"'),
    );
  });

  it('names the defect that failed or blocked a requirement in its row', () => {
    for (const id of ['NRLS-CREATE-007', 'NRLS-DELETE-002']) {
      const start = failPage.indexOf(`<tr id="req-${id}"`);
      assert.match(
        failPage.slice(start, failPage.indexOf('</tr>', start)),
        /(defects|blocked by): <ul class="links"><li><a href="#defect-D1">D1<\/a><\/li><\/ul>/,
        id,
      );
    }
  });

  it('links only to ids the page has, and every id is unique', () => {
    for (const page of [passPage, failPage]) {
      const ids = [...page.matchAll(/ id="([^"]+)"/g)].map((match) => match[1]!);
      assert.equal(new Set(ids).size, ids.length, 'ids are unique');
      const known = new Set(ids);
      for (const [, target] of page.matchAll(/href="#([^"]+)"/g)) assert.ok(known.has(target!), target);
    }
  });

  it('shows a link to a scenario this run does not contain as plain text', () => {
    const page = renderAssuranceHtml(
      smallRun({
        requirements: [requirement('REQ-9', 'not run', ['features/gone.feature:1'], 'not selected by the tag filter')],
      }),
    );
    assert.ok(page.includes('<li>gone.feature:1 <span class="muted">(not in this run)</span></li>'));
  });
});

describe('assurance HTML: full text and the overview chart', () => {
  it('shows each requirement and ambiguity whole, never cut at a colon', () => {
    const catalogue = JSON.parse(
      readFileSync(new URL('../../src/domain/requirements/catalogue.json', import.meta.url), 'utf8'),
    ) as { requirements: { id: string; summary: string }[]; ambiguities: { recommendation: string }[] };
    assert.deepEqual(
      catalogue.requirements.filter((row) => row.summary.endsWith(':')).map((row) => row.id),
      [],
    );
    const fmt005 = catalogue.requirements.find((row) => row.id === 'NRLS-FMT-005')!;
    assert.match(
      fmt005.summary,
      /^Default format: with neither Accept nor _format, the response is application\/fhir\+xml\./,
    );
    const run = smallRun();
    run.requirements[0] = { ...run.requirements[0]!, summary: fmt005.summary };
    run.ambiguities[0] = {
      ...run.ambiguities[0]!,
      recommendation: 'Use the [jwt] form; the RI does the same. More: "quoted".',
    };
    const page = renderAssuranceHtml(run);
    assert.ok(page.includes(`<td>${escapeHtml(fmt005.summary)}`));
    assert.ok(page.includes(`<td>${escapeHtml(run.ambiguities[0]!.recommendation)}</td>`));
  });

  it('draws scenarios and requirements by status and by area as inline SVG, with every figure in words', () => {
    const chart = failPage.slice(failPage.indexOf('id="overview"'), failPage.indexOf('</figure>'));
    assert.match(chart, /<svg [^>]*role="img"\s+aria-labelledby="chart-title chart-desc"/);
    assert.ok(
      chart.includes('<title id="chart-title">Scenarios and requirements by status, and scenarios by area</title>'),
    );
    const { scenarioTotals: t } = failRun;
    const count = failRun.scenarios.length;
    const words = `Scenarios (${count}): ${t.passed} passed, ${t.failed} failed, ${t.blocked} blocked`;
    assert.ok(chart.includes(`<desc id="chart-desc">All: ${words}`), words);
    assert.ok(chart.includes(`<figcaption id="chart-text">In words: All: ${words}`));
    for (const area of failRun.areas) assert.ok(chart.includes(`${escapeHtml(area.area)} (`), area.area);
    assert.ok(
      chart.includes('<title>create (76): 7 failed</title>') ||
        /<title>create \(\d+\): \d+ failed<\/title>/.test(chart),
    );
  });
});

describe('assurance HTML: all scenarios', () => {
  it('puts every scenario in a closed details element with its status and search text for the filters', () => {
    const passed = failRun.scenarios.filter((s) => s.status === 'passed');
    assert.equal(
      failPage.match(
        /<details class="scenario scenario-passed" id="[^"]+" data-filter="scenario" data-status="passed"/g,
      )?.length,
      passed.length,
    );
    const entry = failPage.slice(failPage.indexOf(`id="${FAILED_ANCHOR}"`));
    assert.match(
      entry,
      /^id="[^"]+" data-filter="scenario" data-status="failed" data-search="features\/create\.feature:26 /,
    );
    assert.match(entry.slice(0, entry.indexOf('>')), /@nrls-create-007/, 'its tags, lower-cased, are searchable');
  });

  it('shows a body sent again as a link to its first copy', () => {
    const body = JSON.stringify({ resourceType: 'Bundle', entry: 'x'.repeat(500) });
    const twice = (id: string) =>
      scenario(id, 'passed', {
        steps: [
          {
            keyword: 'When',
            text: 'the consumer searches',
            status: 'passed',
            durationMs: 1,
            checks: [],
            exchanges: [exchange({ response: { status: 200, headers: { 'content-type': 'application/json' }, body } })],
          },
        ],
      });
    const page = renderAssuranceHtml(
      smallRun({ scenarios: [twice('features/a.feature:1'), twice('features/a.feature:2')] }),
    );
    assert.equal(page.split('x'.repeat(500)).length - 1, 1, 'the body is on the page once');
    assert.match(page, /<pre class="body" id="body-1">/);
    assert.ok(page.includes(`The same ${body.length} characters as <a href="#body-1">the body shown earlier</a>.`));
  });

  it('groups scenarios by area and feature, with tags and linked requirement ids', () => {
    for (const area of passRun.areas) assert.ok(passPage.includes(`<h3>Area: ${escapeHtml(area.area)} `), area.area);
    const first = passRun.scenarios[0]!;
    const start = passPage.indexOf(`id="scenario-${first.id.replace(/[^A-Za-z0-9_]+/g, '-')}"`);
    const entry = passPage.slice(start, passPage.indexOf('</details>\n', start));
    assert.ok(entry.includes(`<code>${escapeHtml(first.tags.join(' '))}</code>`));
    for (const id of first.requirementIds) assert.ok(entry.includes(`<a href="#req-${id}">${id}</a>`), id);
  });

  it('stays a reasonable size at 240 scenarios and more than 400 exchanges', () => {
    const exchanges = passRun.scenarios.flatMap((s) => s.steps.flatMap((step) => step.exchanges));
    const busy: AssuranceRun = structuredClone(passRun);
    busy.scenarios.forEach((s, index) => {
      s.steps[0]!.exchanges = [exchanges[index % exchanges.length]!, exchanges[(index + 1) % exchanges.length]!];
    });
    assert.ok(busy.scenarios.flatMap((s) => s.steps.flatMap((step) => step.exchanges)).length > 400);
    const size = Buffer.byteLength(renderAssuranceHtml(busy));
    assert.ok(size < 5_000_000, `${size} bytes`);
  });
});

describe('assurance HTML: safety', () => {
  const hostile = '"><img src=x onerror=alert(1)>';
  const script = '<script>alert(1)</script>';
  const attack = smallRun({
    verdictReason: script,
    run: {
      ...smallRun().run,
      target: { name: hostile, baseUrl: 'javascript:alert(1)', embeddedMock: false },
      tagFilter: hostile,
      userTags: script,
    },
    redactedSecrets: [hostile],
    defects: [
      {
        id: hostile,
        about: [hostile],
        name: script,
        amb: hostile,
        basis: 'amb',
        outcome: 'failed',
        kind: 'conformance',
        expected: script,
        actual: hostile,
        stage: 'scenario',
        failedScenarios: [`features/${hostile}:1`],
        blockedScenarios: [script],
      },
    ],
    requirements: [{ ...requirement('REQ-1', 'failed', [`features/${hostile}:1`], script), defects: [hostile] }],
    ambiguities: [
      { id: hostile, topic: script, recommendation: hostile, status: 'failed', scenarioIds: [`features/${hostile}:1`] },
    ],
    scenarios: [
      scenario(`features/${hostile}:1`, 'failed', {
        name: hostile,
        feature: script,
        area: hostile,
        tags: [hostile],
        requirementIds: [hostile],
        ambiguityIds: [hostile],
        steps: [
          {
            keyword: script,
            text: hostile,
            status: 'failed',
            durationMs: 0,
            checks: [
              failedCheck({ name: script, about: [hostile], expected: script, actual: hostile, exchange: script }),
            ],
            error: { message: script },
            exchanges: [
              exchange({
                purpose: script,
                request: {
                  method: hostile,
                  url: `http://x/${hostile}`,
                  headers: { [hostile]: script },
                  body: script,
                  jwtClaims: { [hostile]: script },
                },
                response: { status: 200, headers: { 'content-type': 'text/html', [script]: hostile }, body: script },
                error: { kind: 'connection', message: script },
              }),
            ],
          },
        ],
      }),
    ],
  });
  const attackPage = renderAssuranceHtml(attack);

  it('escapes markup from every part of the model', () => {
    assert.equal(attackPage.split('<script').length - 1, 1, 'no script element but the page’s own');
    assert.ok(attackPage.includes(FILTER_SCRIPT_ELEMENT.markup), 'and that one is the fixed filter script');
    assert.ok(!attackPage.includes('<img'), 'no img element');
    assert.ok(attackPage.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(attackPage.includes('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(
      // In element content a quote is plain text (a <pre> body keeps it raw): only an escaped < could open a tag.
      !/ on\w+=/.test(attackPage.replace(/(&quot;|")&gt;&lt;img src=x onerror=alert\(1\)&gt;/g, '')),
      'no event handler attribute',
    );
  });

  it('escapes the five characters that matter in text and attributes', () => {
    assert.equal(escapeHtml(`&<>"'`), '&amp;&lt;&gt;&quot;&#39;');
    assert.equal(escapeHtml('plain text'), 'plain text');
  });

  it('loads nothing, runs only its own script (allowed by hash), links only in the page and to the catalogue', () => {
    const hash = createHash('sha256').update(FILTER_SCRIPT).digest('base64');
    for (const page of [
      passPage,
      failPage,
      attackPage,
      renderAssuranceHtml(attack, { catalogueHref: 'nrls-api-1.2.md' }),
    ]) {
      const withoutScript = page.replace(FILTER_SCRIPT_ELEMENT.markup, '');
      assert.ok(!/<script|<link|<iframe|<object|<embed|<img/i.test(withoutScript));
      assert.ok(!/\bsrc\s*=/i.test(withoutScript.replace(/&lt;img src=x/g, '')), 'no src attribute');
      assert.ok(!/@import|url\s*\(/i.test(page), 'no CSS fetches');
      assert.ok(
        !/fetch\(|XMLHttpRequest|innerHTML|eval\(/.test(FILTER_SCRIPT),
        'the script fetches and writes no markup',
      );
      for (const [, target] of page.matchAll(/href\s*=\s*"([^"]*)"/gi))
        assert.ok(
          target!.startsWith('#') || target === 'nrls-api-1.2.md' || target!.startsWith('nrls-api-1.2.md#:~:text='),
          `in-page link only: ${target}`,
        );
      assert.ok(
        page.includes(`content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${hash}'"`),
        'a CSP forbids anything else, and allows only this script',
      );
    }
  });

  it('hides the filter bar until the script shows it, so without JavaScript everything is shown', () => {
    assert.match(failPage, /<form class="filters" id="filters" role="search"[^>]* hidden>/);
    assert.ok(!/<(details|tr|section)[^>]* hidden/.test(failPage), 'no row or scenario starts hidden');
  });
});

describe('assurance HTML: purity', () => {
  it('renders the same model to the same string, without changing the model', () => {
    const before = structuredClone(failRun);
    assert.equal(renderAssuranceHtml(failRun), failPage);
    assert.equal(renderAssuranceHtml(structuredClone(failRun)), failPage);
    assert.equal(
      renderAssuranceHtml(failRun, { catalogueHref: 'c.md' }),
      renderAssuranceHtml(failRun, { catalogueHref: 'c.md' }),
    );
    assert.deepEqual(failRun, before);
  });
});
