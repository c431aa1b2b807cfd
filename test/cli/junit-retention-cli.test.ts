// `run --junit-by` and `run --keep` as a user runs them (issue 13, points 4 and 5): one small real run into a
// reports folder holding old runs and a user's own folder; junit.xml by requirement (the default) or by
// scenario, parsed strictly; the newest runs kept, latest and the user's folder left; bad values exit 2
// with one line and touch nothing.
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import sax from 'sax';
import type { AssuranceRun } from '../../src/report/model.ts';
import { newRunId } from '../../src/runner/identity.ts';
import { runCli } from '../support/cli.ts';

const TAGS = '@NRLS-CREATE-005';

/** A reports folder with three old runs (January 2025) and a folder of the user's own. */
function reportsFolder(t: TestContext): { dir: string; old: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'nrls-junit-retention-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const old = [1, 2, 3].map((day) => newRunId(new Date(Date.UTC(2025, 0, day, 9))));
  for (const run of old) {
    mkdirSync(join(dir, run));
    writeFileSync(join(dir, run, 'assurance.json'), '{}');
  }
  mkdirSync(join(dir, 'golden'));
  writeFileSync(join(dir, 'golden', 'assurance.json'), '{}');
  return { dir, old };
}

const runFolders = (dir: string) =>
  readdirSync(dir)
    .filter((name) => /^\d{8}-\d{6}-[0-9a-f]{4}$/.test(name))
    .sort();

/** The test cases of a JUnit file, by a strict parser (it throws on XML that is not well-formed). */
function testcases(xml: string): { name: string; parent: string }[] {
  const parser = sax.parser(true, {});
  const open: string[] = [];
  const found: { name: string; parent: string }[] = [];
  parser.onopentag = (tag) => {
    if (tag.name === 'testcase') found.push({ name: String(tag.attributes.name), parent: open.at(-1) ?? '' });
    open.push(tag.name);
  };
  parser.onclosetag = () => void open.pop();
  parser.onerror = (error) => {
    throw error;
  };
  parser.write(xml).close();
  return found;
}

const latestOf = (dir: string) => {
  const folder = join(dir, readlinkSync(join(dir, 'latest')));
  return {
    folder,
    run: JSON.parse(readFileSync(join(folder, 'assurance.json'), 'utf8')) as AssuranceRun,
    junit: readFileSync(join(folder, 'junit.xml'), 'utf8'),
  };
};

describe('nrls-conformance run --junit-by and --keep', () => {
  it('--keep 2: the two newest runs stay; junit.xml has one test case per requirement row', async (t) => {
    const { dir, old } = reportsFolder(t);
    const exit = await runCli(['run', '--out', dir, '--quiet', '--tags', TAGS, '--keep', '2']);
    assert.equal(exit.code, 0, exit.stderr);
    const { folder, run, junit } = latestOf(dir);
    assert.deepEqual(runFolders(dir), [old[2]!, run.run.id], 'the new run and the newest old one');
    assert.ok(existsSync(join(dir, 'golden', 'assurance.json')), "the user's folder is left alone");
    assert.match(exit.stdout, /^retention: 2 old runs removed from /m);
    assert.match(exit.stdout, /junit\.xml \(by requirement\)$/m);
    const cases = testcases(junit);
    assert.ok(cases.every((item) => item.parent === 'testsuite'));
    assert.deepEqual(cases.map((item) => item.name.split(' ')[0]).sort(), run.requirements.map((row) => row.id).sort());
    assert.ok(existsSync(join(folder, 'cucumber-junit.xml')), "Cucumber's own JUnit file is still written");
  });

  it('--junit-by scenario: one test case per scenario; without --keep, 20 are kept, so none is removed', async (t) => {
    const { dir, old } = reportsFolder(t);
    const exit = await runCli(['run', '--out', dir, '--quiet', '--tags', TAGS, '--junit-by', 'scenario']);
    assert.equal(exit.code, 0, exit.stderr);
    const { run, junit } = latestOf(dir);
    assert.deepEqual(runFolders(dir), [...old, run.run.id]);
    assert.match(exit.stdout, /^retention: 0 old runs removed from .*\(the newest 20 and latest kept/m);
    const cases = testcases(junit);
    assert.equal(cases.length, run.scenarios.length);
    assert.ok(cases.length > 0);
    assert.deepEqual(
      cases.map((item) => /\[(.*)\]$/.exec(item.name)?.[1]).sort(),
      run.scenarios.map((scenario) => scenario.id).sort(),
    );
  });

  const BAD: [string[], RegExp][] = [
    [['--keep', '0'], /--keep must be a whole number of runs from 1, or "all", not "0"/],
    [['--keep', 'ten'], /--keep must be a whole number of runs from 1, or "all", not "ten"/],
    [['--junit-by', 'feature'], /--junit-by must be requirement or scenario, not "feature"/],
  ];
  for (const [args, reason] of BAD)
    it(`${args.join(' ')}: exit 2 with one line naming the option; nothing run, nothing removed`, async (t) => {
      const { dir, old } = reportsFolder(t);
      const exit = await runCli(['run', '--out', dir, '--quiet', '--tags', TAGS, ...args]);
      assert.equal(exit.code, 2);
      assert.equal(exit.stdout, '');
      assert.equal(exit.stderr.trim().split('\n').length, 1, exit.stderr);
      assert.match(exit.stderr, new RegExp(`^nrls-conformance run: ${reason.source}\\n$`));
      assert.deepEqual(runFolders(dir), old);
    });
});
