// The suite against a mock in this process, judged as `nrls-conformance run` judges it, with no report
// written: what the mutation run, the expectation audit, the report fixtures and the tests that judge the
// mock itself share. Cucumber's step definitions load once per process and serve every run.
import type { ISupportCodeLibrary } from '@cucumber/cucumber/api';
import type { Envelope } from '@cucumber/messages';
import { loadCatalogue, loadNotTestableReasons } from '../domain/requirements/catalogue.ts';
import { buildAssuranceRun } from '../report/build.ts';
import type { AssuranceRun } from '../report/model.ts';
import { runIdentity } from './identity.ts';
import { effectiveTags, runSuite } from './run-suite.ts';
import { type EmbeddedMockOptions, startEmbeddedMock } from './targets.ts';

export interface InProcessRunOptions {
  runId: string;
  support: ISupportCodeLibrary;
  mock?: EmbeddedMockOptions;
  /** A tag expression selecting scenarios; every scenario the mock's record types allow when absent. */
  tags?: string;
  specOnly?: boolean;
  /** When the run is said to start and end (the report fixtures fix them); the clock's times otherwise. */
  times?: { startedAt: Date; finishedAt: Date };
}

export interface InProcessRun {
  run: AssuranceRun;
  envelopes: Envelope[];
}

export async function judgeEmbeddedMock(options: InProcessRunOptions): Promise<InProcessRun> {
  const tags = options.tags ?? '';
  const specOnly = options.specOnly === true;
  const startedAt = new Date();
  const mock = await startEmbeddedMock(options.mock);
  const envelopes: Envelope[] = [];
  try {
    await runSuite({
      target: mock.target,
      outDir: '',
      support: options.support,
      specOnly,
      tags,
      onEnvelope: (envelope) => envelopes.push(envelope),
    });
  } finally {
    await mock.stop();
  }
  const run = buildAssuranceRun(envelopes, {
    identity: runIdentity({
      runId: options.runId,
      target: mock.target,
      embeddedMock: true,
      ...(options.times ?? { startedAt, finishedAt: new Date() }),
      tagFilter: effectiveTags(tags, mock.target),
      userTags: tags,
      specOnly,
      parallel: 0,
    }),
    catalogue: loadCatalogue(),
    notTestable: loadNotTestableReasons(),
    secrets: [],
  });
  return { run, envelopes };
}
