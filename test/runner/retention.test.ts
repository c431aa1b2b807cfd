// Retention of run folders (issue 13, point 5) on temporary folders: the newest N run folders kept, latest's
// target never removed, anything that is not a run folder left alone, and --keep parsed strictly.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { newRunId } from '../../src/runner/identity.ts';
import { DEFAULT_KEEP, latestRun, parseKeep, pruneRuns, retentionLine } from '../../src/runner/retention.ts';

const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A reports folder with `count` run folders a minute apart (oldest first), as `run` names them. */
function reportsWith(count: number, file = 'assurance.json'): { dir: string; runs: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'nrls-retention-'));
  made.push(dir);
  const runs = Array.from({ length: count }, (_, at) => newRunId(new Date(Date.UTC(2026, 0, 2, 10, at))));
  for (const run of runs) {
    mkdirSync(join(dir, run));
    writeFileSync(join(dir, run, file), '{}');
  }
  return { dir, runs };
}

const left = (dir: string) => readdirSync(dir).sort();

describe('pruneRuns', () => {
  it('keeps the newest N run folders and removes the older ones, oldest first', () => {
    const { dir, runs } = reportsWith(5);
    const pruned = pruneRuns(dir, 2, { latest: runs[4] });
    assert.deepEqual(pruned.removed, runs.slice(0, 3));
    assert.deepEqual(pruned.kept, runs.slice(3));
    assert.deepEqual(pruned.failed, []);
    assert.deepEqual(left(dir), runs.slice(3));
  });

  it('never removes the run latest points to, even when it is the oldest', () => {
    const { dir, runs } = reportsWith(5);
    symlinkSync(runs[0]!, join(dir, 'latest')); // as `report` leaves it after rebuilding an old run
    assert.equal(latestRun(dir), runs[0]);
    const pruned = pruneRuns(dir, 2, { latest: latestRun(dir) });
    assert.deepEqual(pruned.removed, runs.slice(1, 3));
    assert.deepEqual(left(dir), [runs[0]!, runs[3]!, runs[4]!, 'latest'].sort());
    assert.ok(existsSync(join(dir, 'latest', 'assurance.json')), 'latest still resolves');
  });

  it('leaves alone what is not a run folder: other folders, files, links, and run-named folders with no run', () => {
    const { dir, runs } = reportsWith(3);
    const others = ['golden', 'bench', 'notes.txt', '20260102-100000-zzzz', '2026-01-02', '20260101-000000-abcd'];
    mkdirSync(join(dir, 'golden'));
    writeFileSync(join(dir, 'golden', 'assurance.json'), '{}');
    mkdirSync(join(dir, 'bench'));
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    mkdirSync(join(dir, '20260102-100000-zzzz')); // not hex: not a run id
    writeFileSync(join(dir, '20260102-100000-zzzz', 'assurance.json'), '{}');
    mkdirSync(join(dir, '2026-01-02'));
    // Named like a run, older than all, but holding neither a report nor messages (a user's folder, or a run
    // stopped at preflight): not provably a run folder.
    mkdirSync(join(dir, '20260101-000000-abcd'));
    writeFileSync(join(dir, '20260101-000000-abcd', 'preflight.json'), '[]');
    // A link named like a run, pointing at a folder outside: neither it nor its target is touched.
    const outside = mkdtempSync(join(tmpdir(), 'nrls-retention-outside-'));
    made.push(outside);
    writeFileSync(join(outside, 'assurance.json'), '{}');
    symlinkSync(outside, join(dir, '20250101-000000-0000'));
    const pruned = pruneRuns(dir, 1);
    assert.deepEqual(pruned.removed, runs.slice(0, 2));
    assert.deepEqual(left(dir), [...others, '20250101-000000-0000', runs[2]!].sort());
    assert.ok(existsSync(join(outside, 'assurance.json')));
  });

  it('counts a folder with only Cucumber messages as a run (a run whose report was never built)', () => {
    const { dir, runs } = reportsWith(3, 'messages.ndjson');
    assert.deepEqual(pruneRuns(dir, 1).removed, runs.slice(0, 2));
  });

  it('removes nothing when N is at least the number of runs, or with all', () => {
    const { dir, runs } = reportsWith(3);
    assert.deepEqual(pruneRuns(dir, 3).removed, []);
    assert.deepEqual(pruneRuns(dir, 50).removed, []);
    assert.deepEqual(pruneRuns(dir, 'all'), { removed: [], kept: runs, failed: [] });
    assert.deepEqual(left(dir), runs);
  });

  it('says how many were removed in one line', () => {
    const { dir } = reportsWith(4);
    const line = retentionLine(dir, 1, pruneRuns(dir, 1));
    assert.equal(line.split('\n').length, 1);
    assert.match(line, /^retention: 3 old runs removed from .* \(the newest 1 and latest kept;/);
    assert.match(retentionLine(dir, 'all', { removed: [], kept: [], failed: [] }), /every run kept .*--keep all/);
  });
});

describe('parseKeep', () => {
  it('is 20 when not given, a whole number from 1, or all', () => {
    assert.equal(parseKeep(undefined), DEFAULT_KEEP);
    assert.equal(DEFAULT_KEEP, 20);
    assert.equal(parseKeep('1'), 1);
    assert.equal(parseKeep('300'), 300);
    assert.equal(parseKeep('all'), 'all');
  });

  for (const bad of ['0', '-1', '2.5', 'ten', '', 'ALL', '1e3', '99999999999999999999'])
    it(`refuses ${JSON.stringify(bad)}, naming --keep`, () => {
      assert.throws(() => parseKeep(bad), {
        message: `--keep must be a whole number of runs from 1, or "all", not "${bad}"`,
      });
    });
});
