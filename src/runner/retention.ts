// Retention of run folders (issue 13, point 5): each run writes about 14 MB, and the reports folder grew
// without limit. After a run's reports are written, `run` keeps the newest N run folders (20 unless --keep
// says otherwise) and removes the older ones. It removes only what it can tell is a run folder it wrote,
// never the run `latest` points to, and never anything else a user keeps there (golden/, bench/, notes).
import { existsSync, lstatSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';

/** How many run folders `run` keeps when --keep is not given. */
export const DEFAULT_KEEP = 20;

/** A number of runs to keep (at least 1), or every run. */
export type Keep = number | 'all';

/** The folder names src/runner/identity.ts's newRunId gives: `20261123-215503-a1b2`, sortable by time. */
const RUN_ID = /^\d{8}-\d{6}-[0-9a-f]{4}$/;

/** Files only a run folder holds: the report, or Cucumber's messages it was built from. */
const RUN_FILES = ['assurance.json', 'messages.ndjson'];

/**
 * --keep: a whole number of runs from 1, or `all`. 0 is refused rather than read as "keep none" (latest is
 * always kept) or as "keep all" (a surprise either way); `all` says what it means.
 */
export function parseKeep(text: string | undefined): Keep {
  if (text === undefined) return DEFAULT_KEEP;
  if (text === 'all') return 'all';
  if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text)))
    throw new RangeError(`--keep must be a whole number of runs from 1, or "all", not "${text}"`);
  return Number(text);
}

/** The run folder name `DIR/latest` points to, if it is a link. */
export function latestRun(dir: string): string | undefined {
  try {
    return basename(readlinkSync(join(dir, 'latest')));
  } catch {
    return undefined;
  }
}

/** A folder (not a link) named like a run id and holding a run's report or messages. */
export function isRunFolder(dir: string, name: string): boolean {
  if (!RUN_ID.test(name)) return false;
  const path = join(dir, name);
  try {
    if (!lstatSync(path).isDirectory()) return false;
  } catch {
    return false;
  }
  return RUN_FILES.some((file) => existsSync(join(path, file)));
}

export interface Pruned {
  /** Run folders removed, oldest first. */
  removed: string[];
  /** Run folders kept, oldest first (the newest `keep`, and latest's target wherever it is). */
  kept: string[];
  /** Run folders that could not be removed, with the reason (a permission, say): they are left as they were. */
  failed: { name: string; reason: string }[];
}

/**
 * Removes all but the newest `keep` run folders in `dir`, oldest first by run id (time-ordered; runs
 * started in the same second are ordered by their random suffix). `latest` (a folder name) is never
 * removed, even when it is older than the rest (`report` may have repointed it at an old run): then
 * `keep` newer runs are kept beside it.
 */
export function pruneRuns(dir: string, keep: Keep, { latest }: { latest?: string } = {}): Pruned {
  const runs = readdirSync(dir)
    .filter((name) => isRunFolder(dir, name))
    .sort();
  if (keep === 'all') return { removed: [], kept: runs, failed: [] };
  const newest = new Set(runs.slice(-keep));
  const removed: string[] = [];
  const kept: string[] = [];
  const failed: Pruned['failed'] = [];
  for (const name of runs) {
    if (newest.has(name) || name === latest) {
      kept.push(name);
      continue;
    }
    try {
      rmSync(join(dir, name), { recursive: true });
      removed.push(name);
    } catch (error) {
      failed.push({ name, reason: (error as Error).message });
    }
  }
  return { removed, kept, failed };
}

/** The one line `run` prints about it. */
export function retentionLine(dir: string, keep: Keep, pruned: Pruned): string {
  if (keep === 'all') return `retention: every run kept in ${dir} (--keep all)`;
  const count = pruned.removed.length;
  return (
    `retention: ${count} old run${count === 1 ? '' : 's'} removed from ${dir} ` +
    `(the newest ${keep} and latest kept; --keep N or --keep all to change)` +
    (pruned.failed.length > 0
      ? `; ${pruned.failed.length} could not be removed: ` +
        pruned.failed.map((failure) => `${failure.name} (${failure.reason})`).join(', ')
      : '')
  );
}
