// `nrls-conformance compare` as CI runs it (issue 13, point 2), on two real runs of the NRLS-CREATE-007
// scenarios against the embedded mock: clean, and with the location-path-form fault that breaks that
// requirement. The page it writes is opened in headless Chromium to check what a person sees.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/cli.ts';
import { chromiumSkip, runChromium } from '../support/chromium.ts';

const noChromium = chromiumSkip('compare-cli.test.ts');

/** The DOM Chromium built from a file, as a person's browser would (no network, no sandbox in a container). */
const chromiumDom = (file: string) => runChromium(`file://${file}`, ['--dump-dom'], 60_000);

const textOf = (markup: string) =>
  markup
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('nrls-conformance compare', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nrls-compare-'));
  const clean = join(dir, 'clean', 'latest');
  const faulty = join(dir, 'faulty', 'latest');
  after(() => rmSync(dir, { recursive: true, force: true }));

  before(async () => {
    const selection = ['--quiet', '--tags', '@NRLS-CREATE-007'];
    const runs = await Promise.all([
      runCli(['run', '--out', join(dir, 'clean'), ...selection]),
      runCli(['run', '--out', join(dir, 'faulty'), ...selection, '--fault', 'location-path-form']),
    ]);
    assert.deepEqual(
      runs.map((run) => run.code),
      [0, 1],
      `the two runs: ${runs.map((run) => run.stderr).join('\n')}`,
    );
  });

  it('exits 1 naming NRLS-CREATE-007 when B broke it', async () => {
    const exit = await runCli(['compare', clean, faulty]);
    assert.equal(exit.code, 1, exit.stderr);
    assert.match(exit.stdout, /^REGRESSION: \d+ changes for the worse/);
    assert.match(exit.stdout, /^ {2}requirement NRLS-CREATE-007: passed → failed \(D1 Location in the \?_id= form\)$/m);
    // The faulty mock is another target: the comparison says it mixes that in.
    assert.match(exit.stdout, /^warning: .*target: embedded mock → embedded mock with faults location-path-form/m);
  });

  it('compares evidence bundles as run folders, once they verify; a tampered one is refused', async () => {
    const bundleOf = (run: string) => join(run, 'evidence.tar.gz');
    const exit = await runCli(['compare', bundleOf(clean), bundleOf(faulty)]);
    assert.equal(exit.code, 1, exit.stderr);
    assert.match(exit.stdout, /^ {2}requirement NRLS-CREATE-007: passed → failed/m);
    const tampered = join(dir, 'tampered.tar.gz');
    const bytes = readFileSync(bundleOf(clean));
    bytes[bytes.length - 20] ^= 0xff;
    writeFileSync(tampered, bytes);
    const refused = await runCli(['compare', tampered, faulty]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /tampered\.tar\.gz: not intact \(/);
  });

  it('exits 0 and says fixed when B fixed it', async () => {
    const exit = await runCli(['compare', faulty, clean]);
    assert.equal(exit.code, 0, exit.stdout);
    assert.match(exit.stdout, /^no regression; \d+ fixed/);
    assert.match(
      exit.stdout,
      /^requirements fixed \(\d+\):\n(.*\n)*? {2}requirement NRLS-CREATE-007: failed → passed/m,
    );
  });

  it('exits 0 with no change when a run is compared with itself', async () => {
    const exit = await runCli(['compare', clean, clean]);
    assert.equal(exit.code, 0);
    assert.match(exit.stdout, /^no regression; 0 fixed; verdict PARTIAL → PARTIAL\n/);
    assert.match(exit.stdout, /^no requirement or scenario changed status$/m);
    assert.doesNotMatch(exit.stdout, /warning/);
  });

  it('writes the comparison model with --json', async () => {
    const json = join(dir, 'out', 'comparison.json');
    const exit = await runCli(['compare', clean, faulty, '--json', json]);
    assert.equal(exit.code, 1);
    const model = JSON.parse(readFileSync(json, 'utf8'));
    const change = model.requirements.find((c: { id: string }) => c.id === 'NRLS-CREATE-007');
    assert.deepEqual(
      [change.from, change.to, change.kind, change.regression],
      ['passed', 'failed', 'newly failed', true],
    );
  });

  it('writes a page with --html that Chromium shows with the regression', { skip: noChromium }, async () => {
    const page = join(dir, 'comparison.html');
    const exit = await runCli(['compare', clean, faulty, '--html', page]);
    assert.equal(exit.code, 1);
    const text = textOf(await chromiumDom(page));
    assert.match(text, /REGRESSION: \d+ CHANGES FOR THE WORSE/);
    assert.match(text, /Requirements newly failed \(1, regressions\)/);
    assert.match(text, /NRLS-CREATE-007 .* ✓ passed → ✗ failed D1 Location in the \?_id= form/);
  });

  it('exits 2 with one line for bad usage and runs it cannot read', async () => {
    const notRun = join(dir, 'not-a-run');
    mkdirSync(notRun);
    const badJson = join(dir, 'bad-json');
    mkdirSync(badJson);
    writeFileSync(join(badJson, 'assurance.json'), '{ not json');
    const oldSchema = join(dir, 'old-schema');
    mkdirSync(oldSchema);
    writeFileSync(join(oldSchema, 'assurance.json'), '{"schemaVersion": 1}');
    const bundle = join(dir, 'evidence.tar.gz');
    writeFileSync(bundle, '');
    const cases: [string[], RegExp][] = [
      [['compare', clean], /give two runs/],
      [['compare', clean, faulty, '--colour'], /--colour/],
      [['compare', clean, join(dir, 'missing')], /missing: no such run folder/],
      [['compare', notRun, clean], /not-a-run: not a run folder \(no assurance\.json\)$/],
      [['compare', join(dir, 'clean'), clean], /not a run folder .*did you mean .*latest\?\)$/],
      [['compare', clean, badJson], /bad-json\/assurance\.json: unreadable/],
      [['compare', oldSchema, clean], /schema version 1, not 2/],
      [['compare', bundle, clean], /evidence\.tar\.gz: not an evidence bundle \(not a gzip file/],
    ];
    for (const [args, expected] of cases) {
      const exit = await runCli(args);
      assert.equal(exit.code, 2, `${args.join(' ')}: ${exit.stderr}`);
      assert.equal(exit.stdout, '', args.join(' '));
      assert.match(exit.stderr, /^nrls-conformance compare: [^\n]+\n$/, args.join(' '));
      assert.match(exit.stderr.trim(), expected, args.join(' '));
    }
  });
});
