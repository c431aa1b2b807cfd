// The target of a run started by `npx cucumber-js` (cucumber.mjs loads this file; the harness never does).
// With no target in the world parameters, the embedded mock is started for the run, with a second record
// type so that every scenario runs; `profile` names a target profile file, as `run --target` does. The
// World reads the target from its parameters, which a BeforeAll hook may still fill in.
import { AfterAll, Before, BeforeAll } from '@cucumber/cucumber';
import { loadTargetProfile, type ResolvedTarget } from '../target/profile.ts';
import { fixturesWithTwoRecordTypes, startEmbeddedMock, targetForUrl } from './targets.ts';

interface ConfigParameters {
  target?: ResolvedTarget;
  /** A target profile file, or the base URL of a server with the mock's identities. */
  profile?: string;
  specOnly?: boolean;
}

/** The embedded mock of this process's run (each parallel worker starts its own). */
const running: { stop?: () => Promise<void> } = {};

BeforeAll({ timeout: 30_000 }, async function (this: { parameters: ConfigParameters }) {
  const parameters = this.parameters;
  if (parameters.target) return;
  if (parameters.profile) {
    const profile = parameters.profile;
    parameters.target = /^https?:\/\//.test(profile) ? targetForUrl(profile) : loadTargetProfile(profile);
    return;
  }
  const mock = await startEmbeddedMock({ fixtures: fixturesWithTwoRecordTypes() });
  parameters.target = mock.target;
  running.stop = mock.stop;
});

AfterAll(async () => {
  await running.stop?.();
});

// As `run` leaves them out (src/runner/run-suite.ts, effectiveTags): a target with one record type cannot
// show a type filter leaving anything out.
Before({ tags: '@two-record-types' }, function (this: { target: ResolvedTarget }) {
  return this.target.recordTypes.length < 2 ? 'skipped' : undefined;
});
