// Runs the Cucumber suite against one resolved target through Cucumber's JavaScript API, writing
// Cucumber's own reports into `outDir` and handing every message envelope to `onEnvelope`.
import { Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { runCucumber } from '@cucumber/cucumber/api';
import type { Envelope } from '@cucumber/messages';
import type { ResolvedTarget } from '../target/profile.ts';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const CUCUMBER_REPORTS = {
  html: 'cucumber.html',
  junit: 'cucumber-junit.xml',
  json: 'cucumber.json',
  message: 'messages.ndjson',
} as const;

export interface SuiteOptions {
  target: ResolvedTarget;
  tags?: string;
  parallel?: number;
  outDir: string;
  onEnvelope?: (envelope: Envelope) => void;
}

export async function runSuite(options: SuiteOptions): Promise<{ success: boolean }> {
  const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
  const files = Object.fromEntries(Object.entries(CUCUMBER_REPORTS).map(([format, file]) => [join(options.outDir, file), format]));
  const { success } = await runCucumber(
    {
      sources: {
        defaultDialect: 'en',
        paths: [join(PROJECT_ROOT, 'features')],
        names: [],
        tagExpression: options.tags ?? '',
        order: 'defined',
      },
      support: {
        importPaths: ['world.ts', 'parameter-types.ts', 'hooks.ts', 'setup.steps.ts', 'actions.steps.ts', 'outcomes.steps.ts'].map((file) => join(PROJECT_ROOT, 'steps', file)),
        loaders: [pathToFileURL(join(PROJECT_ROOT, 'steps/support/typescript-loader.mjs')).href],
        requireModules: [],
        requirePaths: [],
      },
      runtime: {
        dryRun: false,
        failFast: false,
        filterStacktraces: true,
        parallel: options.parallel ?? 0,
        retry: 0,
        retryTagFilter: '',
        strict: true,
        worldParameters: { target: options.target } as never,
      },
      formats: { stdout: 'summary', files, publish: false, options: {} },
    },
    { cwd: PROJECT_ROOT, stdout: discard, stderr: process.stderr, env: process.env },
    options.onEnvelope,
  );
  return { success };
}
