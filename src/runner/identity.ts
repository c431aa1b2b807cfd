// Who ran what, against what, when: the run identity of the assurance report.
import { randomBytes } from 'node:crypto';
import type { RunIdentity } from '../report/model.ts';
import type { ResolvedTarget } from '../target/profile.ts';
import { loadCatalogue } from '../domain/requirements/catalogue.ts';
import { harnessCommit, packageInfo } from './package-info.ts';

/** `20261123-215503-a1b2`: sortable, unique enough for a folder name. */
export function newRunId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(2).toString('hex')}`;
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
  const pkg = packageInfo();
  const catalogue = loadCatalogue();
  return {
    id: options.runId,
    harness: { name: pkg.name, version: pkg.version, commit: harnessCommit() },
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
