// `nrls-conformance run` against targets that misbehave on purpose (test/support/hostile-target.ts):
// the harness never crashes, every run ends within a bound, and each misbehaviour is a scenario result
// with evidence. Exit 1 when the target's answer (or its silence, or its size) could be judged; exit 3
// only when nothing could be: a connection reset mid-response (it may be the network's), or a target
// silent even to the probe. A target that is down (a closed port) exits 3 with "target unreachable":
// run-cli.test.ts covers it.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Exchange } from '../../src/report/exchange.ts';
import type { AssuranceRun, JudgedCheck, ScenarioResult, StepResult } from '../../src/report/model.ts';
import { ROOT, runCli, type Exit } from '../support/cli.ts';
import {
  ECHOED_LONG_VALUE,
  ECHOED_MARKUP,
  HUGE_BODY_BYTES,
  startCountingServer,
  startHostileTarget,
  type HostileMode,
  type HostileOptions,
  type HostileTarget,
} from '../support/hostile-target.ts';

const SEARCH = '@NRLS-SEARCH-019'; // one search, no setup requests: the first request is the one judged
const SEARCH_AND_CREATE = '@NRLS-SEARCH-019 or @NRLS-CREATE-005'; // plus a create in JSON and in XML
/** Wall-clock bound for one run; a run that hangs fails here rather than stalling `npm test`. */
const RUN_BOUND_MS = 15_000;
const EVIDENCE_BODY_LIMIT = 64 * 1024;

const scratch = mkdtempSync(join(tmpdir(), 'nrls-hostile-'));
const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups) await cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

// Each run's peak RSS, written by the harness process itself as it exits.
const RSS_HOOK = join(scratch, 'peak-rss.mjs');
writeFileSync(
  RSS_HOOK,
  "import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => " +
    'writeFileSync(process.env.NRLS_PEAK_RSS_FILE, ' +
    'String(process.resourceUsage().maxRSS)));\n',
);

interface Judged {
  scenario: ScenarioResult;
  /** The first failed or broken step, the check that failed in it, and the exchange it judged. */
  step: StepResult;
  check: JudgedCheck;
  exchange: Exchange;
}

interface Seen {
  exit: Exit;
  elapsedMs: number;
  target: HostileTarget;
  out: string;
  run?: AssuranceRun;
  html?: string;
  judged: Judged[];
  peakRssKb: number;
}

function judgedIn(scenario: ScenarioResult): Judged {
  let exchange: Exchange | undefined;
  for (const step of scenario.steps) {
    exchange = step.exchanges.at(-1) ?? exchange;
    if (step.status === 'failed' || step.status === 'broken') {
      assert.ok(exchange, `${scenario.name}: the failing step has an exchange to show`);
      const check = step.checks.find((candidate) => candidate.outcome === 'failed');
      assert.ok(check, `${scenario.name}: the failing step recorded the check that failed`);
      return { scenario, step, check, exchange };
    }
  }
  assert.fail(`${scenario.name} has no failed or broken step`);
}

async function judge(mode: HostileMode, tags: string, timeoutMs: number, options: HostileOptions = {}): Promise<Seen> {
  const target = await startHostileTarget(mode, options);
  cleanups.push(() => target.close());
  const dir = mkdtempSync(join(scratch, `${mode}-`));
  const profile = {
    ...JSON.parse(readFileSync(join(ROOT, 'fixtures/targets/embedded-mock.json'), 'utf8')),
    name: `hostile ${mode}`,
    baseUrl: target.baseUrl,
    timeoutMs,
  };
  writeFileSync(join(dir, 'target.json'), JSON.stringify(profile));
  const out = join(dir, 'out');
  const rssFile = join(dir, 'peak-rss');
  const started = Date.now();
  const exit = await runCli(['run', '--quiet', '--target', join(dir, 'target.json'), '--tags', tags, '--out', out], {
    env: { NRLS_PEAK_RSS_FILE: rssFile, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${RSS_HOOK}`.trim() },
  });
  const elapsedMs = Date.now() - started;
  const latest = join(out, 'latest');
  const run = existsSync(join(latest, 'assurance.json'))
    ? (JSON.parse(readFileSync(join(latest, 'assurance.json'), 'utf8')) as AssuranceRun)
    : undefined;
  const html = existsSync(join(latest, 'assurance.html'))
    ? readFileSync(join(latest, 'assurance.html'), 'utf8')
    : undefined;
  const judged = (run?.scenarios ?? []).filter((scenario) => scenario.status !== 'passed').map(judgedIn);
  return { exit, elapsedMs, target, out, run, html, judged, peakRssKb: Number(readFileSync(rssFile, 'utf8')) };
}

/** Exit code as expected, no signal, no stack trace, one-line reasons only, within the bound, both reports written. */
function assertHandled(seen: Seen, exitCode: number, scenarioStatus: 'failed' | 'broken', scenarios: number): void {
  const { exit } = seen;
  assert.equal(exit.signal, null, 'not killed by a signal');
  assert.equal(exit.code, exitCode, `exit ${exit.code}\n${exit.stdout}\n${exit.stderr}`);
  assert.doesNotMatch(exit.stderr, /^\s+at /m, 'no stack trace');
  for (const line of exit.stderr.split('\n').filter(Boolean))
    assert.match(line, /^nrls-conformance run: /, "stderr holds only the harness's one-line reasons");
  assert.ok(seen.elapsedMs < RUN_BOUND_MS, `finished in ${seen.elapsedMs} ms`);
  assert.ok(seen.run && seen.html, 'assurance.json and assurance.html written');
  assert.deepEqual(
    seen.run.scenarios.map((scenario) => scenario.status),
    Array(scenarios).fill(scenarioStatus),
  );
  for (const { check } of seen.judged) {
    assert.ok(
      check.expected && check.actual,
      `the failing check says what it expected and got: ${JSON.stringify(check)}`,
    );
    assert.equal(
      check.kind === 'unreachable' || check.kind === 'harness',
      scenarioStatus === 'broken',
      `a ${scenarioStatus} scenario's check is of kind ${check.kind}`,
    );
  }
}

// Memoised, so that the huge case can compare its peak memory with an ordinary run's.
const runs = new Map<string, Promise<Seen>>();
const once = (key: string, start: () => Promise<Seen>) => runs.get(key) ?? runs.set(key, start()).get(key)!;
const htmlRun = () => once('html', () => judge('html', SEARCH_AND_CREATE, 2000));

describe('nrls-conformance run against hostile targets: scenario results with evidence, never a crash', {
  concurrency: 4,
}, () => {
  it(
    'a plain web server (HTML for everything, the preflight ' +
      'included) is a configuration error naming baseUrl (exit 2)',
    async () => {
      const seen = await judge('html', SEARCH, 2000, { preflightToo: true });
      assert.equal(seen.exit.code, 2, seen.exit.stderr);
      assert.match(
        seen.exit.stderr,
        new RegExp(
          /^nrls-conformance run: preflight: baseUrl: GET http:\/\/127\.0\.0\.1:\d+\//.source +
            /DocumentReference\?subject=\S+ answered HTTP 200 "text\/html", not FHIR: /.source +
            /is baseUrl the NRLS service base\? \(exchanges in \S+preflight\.json\)\n$/.source,
        ),
      );
      assert.equal(seen.run, undefined, 'no report: nothing was judged');
      const saved = readdirSync(seen.out).filter((name) => name !== 'latest');
      assert.equal(saved.length, 1);
      const exchanges = JSON.parse(readFileSync(join(seen.out, saved[0]!, 'preflight.json'), 'utf8')) as Exchange[];
      assert.equal(exchanges.length, 1);
      assert.equal(exchanges[0]!.response?.status, 200);
      assert.equal(
        exchanges[0]!.request.headers.Authorization,
        'Bearer [REDACTED]',
        'the saved exchanges are redacted',
      );
    },
  );

  it(
    'hang: a target that accepts the connection and never answers ' +
      'fails the scenario at the per-request timeout (exit 1)',
    async () => {
      const seen = await judge('hang', SEARCH, 300);
      assertHandled(seen, 1, 'failed', 1);
      const [{ check, exchange }] = seen.judged as [Judged];
      assert.equal(exchange.response, undefined);
      assert.deepEqual(exchange.error, { kind: 'timeout', message: 'no response within 300 ms' });
      assert.ok(exchange.durationMs >= 300 && exchange.durationMs < 2000, `${exchange.durationMs} ms`);
      assert.equal(check.kind, 'timeout');
      assert.match(check.expected!, /^a complete response \(timeoutMs 300 ms; a body of at most 8 MB\)$/);
      assert.equal(check.actual, exchange.error.message);
    },
  );

  it('hang, the probe too: a target silent to everything is unreachable (exit 3, no report)', async () => {
    const seen = await judge('hang', SEARCH, 300, { probeToo: true });
    assert.equal(seen.exit.signal, null);
    assert.equal(seen.exit.code, 3, seen.exit.stderr);
    assert.match(
      seen.exit.stderr,
      /^nrls-conformance run: target unreachable: http:\/\/127\.0\.0\.1:\d+: no answer within 300 ms\n$/,
    );
    assert.ok(seen.elapsedMs < RUN_BOUND_MS);
    assert.equal(seen.run, undefined);
    assert.equal(seen.target.requests, 1, 'only the probe: neither the preflight nor any scenario ran');
  });

  it(
    'stall: headers and then no body fails the scenario at ' + 'the deadline, keeping the status and headers (exit 1)',
    async () => {
      const seen = await judge('stall', SEARCH, 300);
      assertHandled(seen, 1, 'failed', 1);
      const [{ check, exchange }] = seen.judged as [Judged];
      assert.equal(exchange.response?.status, 200);
      assert.match(exchange.response!.headers['content-type']!, /^application\/fhir\+json/);
      assert.deepEqual(exchange.error, {
        kind: 'timeout',
        message: 'HTTP 200 headers arrived, then the body stalled: 0 bytes within 600 ms',
      });
      assert.ok(exchange.durationMs >= 600 && exchange.durationMs < 3000, `${exchange.durationMs} ms`);
      assert.equal(check.kind, 'timeout');
      assert.equal(check.actual, exchange.error.message);
    },
  );

  it(
    'html: 200 and 400 HTML pages fail each scenario on ' + 'its status, the page quoted and escaped (exit 1)',
    async () => {
      const seen = await htmlRun();
      assertHandled(seen, 1, 'failed', 3);
      for (const { check, exchange } of seen.judged) {
        assert.equal(exchange.response!.headers['content-type'], 'text/html');
        assert.match(exchange.response!.body, /^<(!DOCTYPE )?html>/);
        // The creates got a 400 page where a success was due; the search a 200 page where a refusal was.
        assert.equal(
          check.expected,
          exchange.request.method === 'POST' ? 'a success (HTTP 2xx)' : 'a refusal: HTTP 4xx with an OperationOutcome',
        );
        assert.match(check.actual!, new RegExp(`^HTTP ${exchange.response!.status} with body "<`));
      }
      assert.ok(
        !seen.html!.includes('<h1>It works!') && !seen.html!.includes('<script>alert("page")'),
        'the page is not rendered as markup',
      );
      assert.ok(seen.html!.includes('&lt;h1&gt;It works!&lt;/h1&gt;'));
    },
  );

  it(
    'huge: a 64 MB body is read to the 8 MB limit and no further; ' +
      'the harness stays small and the evidence is cut (exit 1)',
    async () => {
      const [seen, ordinary] = await Promise.all([judge('huge', SEARCH, 10_000), htmlRun()]);
      assertHandled(seen, 1, 'failed', 1);
      const [{ check, exchange }] = seen.judged as [Judged];
      assert.equal(exchange.response?.status, 200);
      assert.equal(exchange.response?.truncated, true);
      assert.ok(exchange.response!.body.length <= EVIDENCE_BODY_LIMIT);
      assert.deepEqual(exchange.error, {
        kind: 'too-large',
        message: 'the response body exceeds the 8 MB the harness reads',
      });
      assert.equal(check.kind, 'conformance');
      assert.equal(check.actual, exchange.error.message);
      assert.ok(
        seen.target.bodyBytesSent < HUGE_BODY_BYTES,
        `the harness hung up after ${seen.target.bodyBytesSent} bytes`,
      );
      const extraKb = seen.peakRssKb - ordinary.peakRssKb;
      assert.ok(
        extraKb < HUGE_BODY_BYTES / 1024,
        `peak RSS ${seen.peakRssKb} KB, ${extraKb} KB above an ordinary run: less than the body`,
      );
    },
  );

  it(
    'invalid-fhir: JSON that is not FHIR, XML outside the FHIR ' +
      'namespace and a misshapen OperationOutcome each fail (exit 1)',
    async () => {
      const seen = await judge('invalid-fhir', SEARCH_AND_CREATE, 2000);
      assertHandled(seen, 1, 'failed', 3);
      const actuals = seen.judged.map(({ check }) => check.actual!).sort();
      assert.equal(actuals.length, 3);
      assert.match(actuals[0]!, /^JSON without resourceType; body starts /);
      assert.match(actuals[1]!, /^no issues: \{"severity":"error","code":"invalid"\}/);
      assert.match(
        actuals[2]!,
        /^root element OperationOutcome is not in the FHIR namespace http:\/\/hl7\.org\/fhir; body starts "<\?xml/,
      );
      for (const { exchange } of seen.judged) assert.ok(exchange.response!.body.length > 0);
    },
  );

  it('redirect: a 302 to another host is recorded and judged, never followed (exit 1)', async () => {
    const elsewhere = await startCountingServer();
    cleanups.push(() => elsewhere.close());
    const seen = await judge('redirect', SEARCH, 2000, { redirectTo: elsewhere.baseUrl });
    assertHandled(seen, 1, 'failed', 1);
    const [{ check, exchange }] = seen.judged as [Judged];
    assert.equal(exchange.response?.status, 302);
    const location = exchange.response!.headers.location!;
    assert.ok(location.startsWith(`${elsewhere.baseUrl}/DocumentReference?`), location);
    assert.equal(check.actual, `HTTP 302 to ${location}`);
    assert.equal(elsewhere.requests, 0, 'no request reached the other host');
    await fetch(location); // the other host counts what does reach it
    assert.equal(elsewhere.requests, 1);
  });

  it(
    'echo-markup: diagnostics with markup reach the HTML report ' +
      'escaped, and a 5 KB echo is cut in the failure (exit 1)',
    async () => {
      const seen = await judge('echo-markup', SEARCH, 2000);
      assertHandled(seen, 1, 'failed', 1);
      const page = seen.html!;
      for (const raw of ['<script>alert', '<img src=x']) assert.ok(!page.includes(raw), `no unescaped ${raw}`);
      assert.ok(page.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
      assert.ok(page.includes('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'));
      const [{ check, exchange }] = seen.judged as [Judged];
      assert.ok(exchange.response!.body.includes(ECHOED_LONG_VALUE), 'the evidence keeps the body as sent');
      assert.ok(
        check.actual!.includes(ECHOED_MARKUP[0]) && !check.actual!.includes(ECHOED_LONG_VALUE),
        'the echoed value is quoted, then cut',
      );
      assert.match(check.actual!, /… \(\d+ more characters cut\)/);
      for (const [, actual] of page.matchAll(/<pre class="actual">([\s\S]*?)<\/pre>/g))
        assert.ok(!actual!.includes(ECHOED_LONG_VALUE), 'cut in the HTML too');
    },
  );

  it(
    'crash: a connection reset mid-response leaves the scenario ' +
      'broken with the error as evidence (exit 3, report written)',
    async () => {
      const seen = await judge('crash', SEARCH, 2000);
      assertHandled(seen, 3, 'broken', 1);
      assert.match(seen.exit.stderr, /^nrls-conformance run: 1 scenarios could not be judged; see the report\n$/);
      const [{ check, exchange }] = seen.judged as [Judged];
      assert.equal(exchange.response?.status, 200, 'the headers that arrived are kept');
      assert.equal(exchange.error?.kind, 'connection');
      assert.match(
        exchange.error!.message,
        /^the connection failed after HTTP 200 headers and \d+ bytes of body: (ECONNRESET: aborted|.*socket hang up)/,
      );
      assert.equal(check.kind, 'unreachable');
      assert.match(check.actual!, /^connection error: the connection failed/);
    },
  );
});
