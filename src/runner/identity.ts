// Who ran what, against what, when: the run identity of the assurance report.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RunIdentity } from '../report/model.ts';
import type { ResolvedTarget } from '../target/profile.ts';
import { loadCatalogue } from '../domain/requirements/catalogue.ts';
import { PROJECT_ROOT } from './run-suite.ts';

/** `20261123-215503-a1b2`: sortable, unique enough for a folder name. */
export function newRunId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

function gitCommit(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    return dirty ? `${commit} (with uncommitted changes)` : commit;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

export function runIdentity(options: {
  runId: string;
  target: ResolvedTarget;
  embeddedMock: boolean;
  startedAt: Date;
  finishedAt: Date;
  tagFilter: string;
  userTags: string;
  specOnly: boolean;
  parallel: number;
}): RunIdentity {
  const pkg = JSON.parse(readFileSync(new URL('package.json', `file://${PROJECT_ROOT}`), 'utf8')) as { name: string; version: string };
  const catalogue = loadCatalogue();
  return {
    id: options.runId,
    harness: { name: pkg.name, version: pkg.version, commit: gitCommit() },
    spec: { name: catalogue.spec, catalogue: catalogue.source },
    target: { name: options.target.name, baseUrl: options.target.baseUrl, embeddedMock: options.embeddedMock },
    startedAt: options.startedAt.toISOString(),
    finishedAt: options.finishedAt.toISOString(),
    durationMs: options.finishedAt.getTime() - options.startedAt.getTime(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    tagFilter: options.tagFilter,
    userTags: options.userTags,
    specOnly: options.specOnly,
    parallel: options.parallel,
  };
}
