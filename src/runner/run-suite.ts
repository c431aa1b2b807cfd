// Runs the Cucumber suite against one resolved target through Cucumber's JavaScript API, writing
// Cucumber's own reports into `outDir` ('' for none) and handing every message envelope to `onEnvelope`.
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { loadSupport, runCucumber, type IRunOptions, type ISupportCodeLibrary } from '@cucumber/cucumber/api';
import type { Envelope } from '@cucumber/messages';
import type { ResolvedTarget } from '../target/profile.ts';
import { CLIENT_FEATURES_DIR, SUITE_ROOT } from './suite-root.ts';

/**
 * Where the suite's files are: the repository, or dist/ of the built package (npm run build copies the
 * feature files and data beside the compiled code). Built, the step definitions are JavaScript; from
 * the sources they are TypeScript, loaded through tsx.
 */
export const PROJECT_ROOT = SUITE_ROOT;
const COMPILED = import.meta.url.endsWith('.js');

export const CUCUMBER_REPORTS = {
  html: 'cucumber.html',
  junit: 'cucumber-junit.xml',
  json: 'cucumber.json',
  message: 'messages.ndjson',
} as const;

/**
 * The tag expression a run uses: the user's, less the scenarios that need what the target has not
 * declared (a second record type).
 */
export function effectiveTags(tags: string, target: ResolvedTarget): string {
  const exclusions = target.recordTypes.length < 2 ? ['not @two-record-types'] : [];
  return [tags ? `(${tags})` : '', ...exclusions].filter(Boolean).join(' and ');
}

export interface SuiteOptions {
  target: ResolvedTarget;
  tags?: string;
  /** AMB choices and mock recommendations are advisory (run --spec-only). */
  specOnly?: boolean;
  parallel?: number;
  outDir: string;
  onEnvelope?: (envelope: Envelope) => void;
}

// The server suite is the feature files directly in features/ (a glob, not the folder: Cucumber would take
// features/**, and features/client/ holds the client assurance scenarios, which have their own steps).
const SOURCES = (tags: string, paths = [join(PROJECT_ROOT, 'features', '*.feature')]): IRunOptions['sources'] => ({
  defaultDialect: 'en',
  paths,
  names: [],
  tagExpression: tags,
  order: 'defined',
});

const SUPPORT = {
  importPaths: ['world', 'parameter-types', 'hooks', 'setup.steps', 'actions.steps', 'outcomes.steps'].map((file) =>
    join(PROJECT_ROOT, 'steps', `${file}.${COMPILED ? 'js' : 'ts'}`),
  ),
  loaders: COMPILED ? [] : [pathToFileURL(join(PROJECT_ROOT, 'steps/support/typescript-loader.mjs')).href],
  requireModules: [],
  requirePaths: [],
};

const CLIENT_SUPPORT = {
  ...SUPPORT,
  importPaths: ['world', 'client.steps'].map((file) =>
    join(PROJECT_ROOT, 'steps', 'client', `${file}.${COMPILED ? 'js' : 'ts'}`),
  ),
};

const discard = () => new Writable({ write: (_chunk, _encoding, done) => done() });

/** The step definitions, loaded once for many runs in one process (the mutation run). */
export function loadSuiteSupport(): Promise<ISupportCodeLibrary> {
  return loadSupport(
    { sources: SOURCES(''), support: SUPPORT },
    { cwd: PROJECT_ROOT, stdout: discard(), stderr: process.stderr, env: process.env },
  );
}

export interface ClientSuiteOptions {
  tags: string;
  /** The client World's parameters (steps/client/world.ts: ClientWorldParameters). */
  worldParameters: Record<string, unknown>;
  outDir: string;
  onEnvelope?: (envelope: Envelope) => void;
  dryRun?: boolean;
}

/** Cucumber's report files in the run folder ('' for none). */
function reportFiles(outDir: string): Record<string, string> {
  if (outDir === '') return {};
  return Object.fromEntries(Object.entries(CUCUMBER_REPORTS).map(([format, file]) => [join(outDir, file), format]));
}

/** The client scenarios the tags select, against the mock the world parameters name. */
export async function runClientSuite(options: ClientSuiteOptions): Promise<{ success: boolean }> {
  const files = reportFiles(options.outDir);
  const { success } = await runCucumber(
    {
      sources: SOURCES(options.tags, [join(CLIENT_FEATURES_DIR, '*.feature')]),
      support: CLIENT_SUPPORT,
      runtime: {
        dryRun: options.dryRun === true,
        failFast: false,
        filterStacktraces: true,
        parallel: 0,
        retry: 0,
        retryTagFilter: '',
        strict: true,
        worldParameters: options.worldParameters as never,
      },
      formats: { stdout: 'summary', files, publish: false, options: {} },
    },
    { cwd: PROJECT_ROOT, stdout: discard(), stderr: process.stderr, env: process.env },
    options.onEnvelope,
  );
  return { success };
}

export async function runSuite(
  options: SuiteOptions & { support?: ISupportCodeLibrary },
): Promise<{ success: boolean }> {
  const files = reportFiles(options.outDir);
  const { success } = await runCucumber(
    {
      sources: SOURCES(effectiveTags(options.tags ?? '', options.target)),
      support: options.support ?? SUPPORT,
      runtime: {
        dryRun: false,
        failFast: false,
        filterStacktraces: true,
        parallel: options.parallel ?? 0,
        retry: 0,
        retryTagFilter: '',
        strict: true,
        worldParameters: { target: options.target, specOnly: options.specOnly === true } as never,
      },
      formats: { stdout: 'summary', files, publish: false, options: {} },
    },
    { cwd: PROJECT_ROOT, stdout: discard(), stderr: process.stderr, env: process.env },
    options.onEnvelope,
  );
  return { success };
}
