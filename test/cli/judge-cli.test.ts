// `nrls-conformance judge DIR` as a user runs it, on recordings this test writes by hand: the reports it
// writes (assurance.json valid against its schema, assurance.html, junit.xml well-formed), its exit code
// agreeing with the verdict as `run`'s do, and one line with exit 2 for anything that is not a recording.
// The rule table may still be the placeholder (no rules: every recording is incomplete); the checks that
// depend on the real rules say so.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import sax from 'sax';
import type { RecordedExchange } from '../../src/client-assurance/recorded-exchange.ts';
import { CLIENT_RULES } from '../../src/client-assurance/rules.ts';
import type { AssuranceRun } from '../../src/report/model.ts';
import { SCHEMA_FILE } from '../../src/report/schema.ts';
import { runCli } from '../support/cli.ts';

const EXIT_OF = { conformant: 0, 'not conformant': 1, incomplete: 3 } as Record<string, number>;

const directory = {
  spineAsid: '990000000001',
  systems: [
    { asid: '200000000115', ods: 'AMS01', interactions: ['search'] },
    { asid: '200000000118', ods: 'MHT01', interactions: ['search', 'create', 'delete'] },
  ],
  organisations: [{ ods: 'MHT01', providerRole: true }],
};

const recordingJson = {
  format: 'nrls-client-recording',
  version: 1,
  startedAt: '2025-01-02T10:00:00.000Z',
  harness: { name: 'nrls-conformance', version: '0.0.0' },
  baseUrl: 'http://127.0.0.1:4010/nrls-ri',
  directory,
};

/** A search with no Authorization and no fromASID: no set of client rules can find it conformant. */
const badSearch = (seq: number, fromAsid: string): RecordedExchange => ({
  seq,
  receivedAt: `2025-01-02T10:00:0${seq}.000Z`,
  durationMs: 2,
  fromAsid,
  request: {
    method: 'GET',
    url: '/nrls-ri/DocumentReference?subject=https://demographics.spineservices.nhs.uk/STU3/Patient/9876543210',
    headers: [
      ['Accept', 'application/fhir+json'],
      ['fromASID', fromAsid],
    ],
  },
  response: { status: 400, headers: {}, body: '{}', spineCode: 'MISSING_OR_INVALID_HEADER' },
  verdicts: [],
});

function recording(t: TestContext, lines: string[], meta: unknown = recordingJson): string {
  const dir = mkdtempSync(join(tmpdir(), 'nrls-judge-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'recording.json'), JSON.stringify(meta));
  writeFileSync(join(dir, 'exchanges.ndjson'), lines.map((line) => `${line}\n`).join(''));
  return dir;
}

function wellFormed(xml: string): string[] {
  const names: string[] = [];
  const parser = sax.parser(true, {});
  parser.onopentag = (tag) => void names.push(tag.name);
  parser.onerror = (error) => {
    throw error;
  };
  parser.write(xml).close();
  return names;
}

describe('nrls-conformance judge', () => {
  it('writes assurance.json (schema-valid), assurance.html and junit.xml into DIR/report, exit as `run`', async (t) => {
    const dir = recording(t, [
      JSON.stringify(badSearch(1, '200000000115')),
      JSON.stringify(badSearch(2, '200000000118')),
    ]);
    const exit = await runCli(['judge', dir, '--role', 'consumer']);
    const out = join(dir, 'report');
    for (const file of ['assurance.json', 'assurance.html', 'assurance.schema.json', 'junit.xml'])
      assert.ok(existsSync(join(out, file)), `${file} written`);
    const run = JSON.parse(readFileSync(join(out, 'assurance.json'), 'utf8')) as AssuranceRun;
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(
      JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')),
    );
    assert.ok(validate(run), JSON.stringify(validate.errors?.slice(0, 3)));
    assert.deepEqual(run.run.client?.asids, ['200000000115'], '--role consumer: only the consumer’s request');
    assert.equal(run.scenarios.length, 1);
    assert.equal(run.scenarios[0]!.line, 1, 'the scenario names its line of exchanges.ndjson');
    assert.notEqual(run.verdict, 'conformant', 'a request with no Authorization is never conformant');
    if (CLIENT_RULES.length === 0) assert.match(run.verdictReason, /no client rule applies/);
    assert.equal(exit.code, EXIT_OF[run.verdict], `${run.verdict}: ${exit.stderr}`);
    assert.match(exit.stdout, new RegExp(`^verdict: ${run.verdict.toUpperCase()}: `, 'm'));
    assert.match(exit.stdout, /^reports: .*assurance\.html$/m);
    assert.match(exit.stdout, /junit\.xml$/m);
    assert.match(readFileSync(join(out, 'assurance.html'), 'utf8'), /Client assurance/);
    const names = wellFormed(readFileSync(join(out, 'junit.xml'), 'utf8'));
    assert.equal(names[0], 'testsuites');
    assert.equal(names.filter((name) => name === 'testcase').length, run.requirements.length);
  });

  it('an empty recording is incomplete (exit 3), into --out', async (t) => {
    const dir = recording(t, []);
    const out = join(dir, 'elsewhere');
    const exit = await runCli(['judge', dir, '--out', out]);
    assert.equal(exit.code, 3, exit.stderr);
    const run = JSON.parse(readFileSync(join(out, 'assurance.json'), 'utf8')) as AssuranceRun;
    assert.equal(run.verdict, 'incomplete');
    assert.match(exit.stdout, /^verdict: INCOMPLETE: /m);
  });

  it('--asid picks that system’s requests only', async (t) => {
    const dir = recording(t, [
      JSON.stringify(badSearch(1, '200000000115')),
      JSON.stringify(badSearch(2, '200000000118')),
    ]);
    const exit = await runCli(['judge', dir, '--asid', '200000000118']);
    const run = JSON.parse(readFileSync(join(dir, 'report', 'assurance.json'), 'utf8')) as AssuranceRun;
    assert.deepEqual(run.run.client, {
      role: 'provider',
      asids: ['200000000118'],
      recording: dir,
      recordedBy: 'nrls-conformance 0.0.0',
    });
    assert.equal(run.scenarios.length, 1);
    assert.equal(exit.code, EXIT_OF[run.verdict]);
  });

  describe('bad usage: one line naming what is wrong, exit 2', () => {
    const cases: [string, (t: TestContext) => string[], RegExp][] = [
      [
        'a missing folder',
        () => ['judge', join(tmpdir(), 'nrls-judge-none-such')],
        /nrls-judge-none-such: no such folder/,
      ],
      [
        'no recording.json',
        (t) => {
          const dir = recording(t, []);
          rmSync(join(dir, 'recording.json'));
          return ['judge', dir];
        },
        /is not a recording: no recording\.json/,
      ],
      [
        'another format',
        (t) => ['judge', recording(t, [], { ...recordingJson, format: 'something-else' })],
        /recording\.json: not a recording/,
      ],
      [
        'a bad --role',
        (t) => ['judge', recording(t, []), '--role', 'spine'],
        /--role "spine": must be provider or consumer/,
      ],
      ['a bad --asid', (t) => ['judge', recording(t, []), '--asid', '12345'], /--asid "12345": must be 12 digits/],
      ['an unknown option', (t) => ['judge', recording(t, []), '--colour'], /--colour/],
      ['no folder', () => ['judge'], /give one recording folder/],
      [
        'a line that is not JSON',
        (t) => ['judge', recording(t, [JSON.stringify(badSearch(1, '200000000115')), '{"seq":2,'])],
        /exchanges\.ndjson line 2: not JSON/,
      ],
      [
        'a line that is no exchange',
        (t) => ['judge', recording(t, ['{"seq":1}'])],
        /exchanges\.ndjson line 1: no receivedAt/,
      ],
    ];
    for (const [what, args, message] of cases) {
      it(what, async (t) => {
        const exit = await runCli(args(t));
        assert.equal(exit.code, 2, exit.stdout);
        assert.match(exit.stderr, message);
        assert.equal(exit.stderr.trim().split('\n').length, 1, exit.stderr);
        assert.match(exit.stderr, /^nrls-conformance judge: /);
      });
    }
  });

  it('is listed in the help', async () => {
    const exit = await runCli(['help']);
    assert.match(exit.stdout, /nrls-conformance judge DIR/);
  });
});
