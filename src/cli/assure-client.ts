// `nrls-conformance assure-client`: judges a supplier's Provider or Consumer system. The mock NRLS starts in
// this process with the simulator's trigger table on, the client scenarios of the role (features/client/)
// make the system act through its driver file, and the run is reported as `run` reports a server: progress
// per scenario, reports/<run id>/assurance.json and .html, the same verdict line and exit codes. The
// requirement matrix holds only the client requirements of the role, so the run is not "partial" for not
// exercising the server's; a run of fewer scenarios than the role has (--tags) is partial at best.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import parseTagExpression from '@cucumber/tag-expressions';
import type { Envelope } from '@cucumber/messages';
import { mockConfig } from '../../mock-server/config.ts';
import { loadFixtures } from '../../mock-server/fixtures.ts';
import { startMock } from '../../mock-server/server.ts';
import { loadDriver, type Driver } from '../client-assurance/driver.ts';
import type { ClientRole } from '../client-assurance/recorded-exchange.ts';
import { roleScope } from '../client-assurance/role-scope.ts';
import { loadTriggerTable, withTriggerDelay } from '../client-assurance/triggers.ts';
import { loadCatalogue, loadNotTestableReasons } from '../domain/requirements/catalogue.ts';
import { buildAssuranceRun } from '../report/build.ts';
import { writeRunReports } from '../report/write.ts';
import { newRunId, runIdentity } from '../runner/identity.ts';
import { progressPrinter } from '../runner/progress.ts';
import { runClientSuite } from '../runner/run-suite.ts';
import { targetForUrl } from '../runner/targets.ts';
import { integerOption } from './integer-option.ts';
import { EvidenceKeyError, runSigningKey, type SigningKey } from '../evidence/signing.ts';
import { EXIT, defectLines, reportedExit, sealRun, summaryTable, verdictLine } from './run.ts';

export const ASSURE_CLIENT_USAGE = `Usage: nrls-conformance assure-client --role ROLE --driver FILE [options]

  --role ROLE     provider or consumer: the scenarios of that role run (tag @provider or @consumer)
  --driver FILE   the driver file: how to make the system under test act (JSON; src/client-assurance/driver.ts)
  --tags EXPR     a Cucumber tag expression narrowing the role's scenarios; such a run is partial: it
                  can pass, never be CONFORMANT
  --port N        the mock's port on 127.0.0.1 (default 0: a free one; fix it for manual actions)
  --trigger-delay MS
                  how long the slow triggers keep the answer back, instead of the table's (15000): set it
                  past the system's own timeout, which it must then report as a failure
  --out DIR       where run folders are written (default ./reports); DIR/latest is the newest
  --quiet         no line per scenario (the summary is still printed)
  -h, --help      this text

The run folder gets an evidence bundle (evidence.tar.gz; nrls-conformance verify checks it), signed with
the Ed25519 key (PEM) in the environment variable NRLS_EVIDENCE_SIGNING_KEY when it is set.

Exit codes: 0 conformant, or every selected scenario passed (partial); 1 a requirement failed;
2 bad usage or driver file; 3 the mock could not start, or a scenario could not be judged.
`;

const say = (line: string) => process.stdout.write(`${line}\n`);
const complain = (line: string) => process.stderr.write(`nrls-conformance assure-client: ${line}\n`);

interface Options {
  role: ClientRole;
  driver: Driver;
  tags: string;
  port: number;
  triggerDelay?: number;
  out: string;
  quiet: boolean;
}

function parseOptions(argv: string[]): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      role: { type: 'string' },
      driver: { type: 'string' },
      tags: { type: 'string', default: '' },
      port: { type: 'string' },
      'trigger-delay': { type: 'string' },
      out: { type: 'string', default: 'reports' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  if (values.role !== 'provider' && values.role !== 'consumer')
    throw new Error(`--role must be provider or consumer${values.role === undefined ? '' : `, not "${values.role}"`}`);
  if (!values.driver) throw new Error('--driver FILE is required (the driver file of the system under test)');
  if (values.tags.trim() !== '') {
    try {
      parseTagExpression(values.tags);
    } catch {
      throw new Error(`--tags ${JSON.stringify(values.tags)} is not a tag expression`);
    }
  }
  return {
    role: values.role,
    driver: loadDriver(values.driver, values.role),
    tags: values.tags,
    port: integerOption('port', values.port, 0, 0, 65535),
    ...(values['trigger-delay'] !== undefined
      ? { triggerDelay: integerOption('trigger-delay', values['trigger-delay'], 0, 0, 600_000) }
      : {}),
    out: values.out,
    quiet: values.quiet,
  };
}

export async function runAssureClientCommand(argv: string[]): Promise<number> {
  let options: Options | 'help';
  try {
    options = parseOptions(argv);
  } catch (error) {
    complain((error as Error).message);
    return EXIT.configuration;
  }
  if (options === 'help') {
    process.stdout.write(ASSURE_CLIENT_USAGE);
    return EXIT.passed;
  }
  const scope = roleScope(options.role, options.tags);
  if (scope.selected.length === 0) {
    complain(
      `--tags ${JSON.stringify(options.tags)} selects none of the ${scope.all.length} ${options.role} scenarios`,
    );
    return EXIT.configuration;
  }
  // The evidence bundle's key (NRLS_EVIDENCE_SIGNING_KEY), checked before anything runs (issue 13, point 1).
  let signingKey: SigningKey | undefined;
  try {
    signingKey = runSigningKey(undefined);
  } catch (error) {
    if (!(error instanceof EvidenceKeyError)) throw error;
    complain(`evidence signing key: ${error.message}`);
    return EXIT.configuration;
  }
  const fixtures = loadFixtures();
  let mock: Awaited<ReturnType<typeof startMock>>;
  let triggers: ReturnType<typeof loadTriggerTable>;
  try {
    const table = loadTriggerTable();
    triggers = options.triggerDelay === undefined ? table : withTriggerDelay(table, options.triggerDelay);
    mock = await startMock(mockConfig(fixtures, { triggers }), { port: options.port, host: '127.0.0.1' });
  } catch (error) {
    complain(`cannot start the mock: ${(error as Error).message}`);
    return EXIT.unreachable;
  }
  try {
    return await judgeClient(options, scope, mock.baseUrl, triggers, fixtures.spineAsid, signingKey);
  } finally {
    await mock.close();
  }
}

async function judgeClient(
  options: Options,
  scope: ReturnType<typeof roleScope>,
  baseUrl: string,
  triggers: ReturnType<typeof loadTriggerTable>,
  spineAsid: string,
  signingKey: SigningKey | undefined,
): Promise<number> {
  const { driver } = options;
  say(`mock NRLS for the system under test: ${baseUrl}`);
  say(
    `nrls-conformance: judging the ${options.role} system ${driver.system.asid} (${driver.system.ods}): ` +
      `${scope.selected.length} of ${scope.all.length} scenarios${options.tags ? ` (tags ${options.tags})` : ''}`,
  );
  const runId = newRunId(new Date());
  const outDir = resolve(options.out, runId);
  mkdirSync(outDir, { recursive: true });
  const envelopes: Envelope[] = [];
  const progress = progressPrinter(say, () => scope.selected.length);
  const startedAt = new Date();
  try {
    await runClientSuite({
      tags: scope.effective,
      outDir,
      worldParameters: { baseUrl, role: options.role, driver, triggers, spineAsid },
      onEnvelope: (envelope) => {
        envelopes.push(envelope);
        if (!options.quiet) progress(envelope);
      },
    });
  } catch (error) {
    complain(`the client scenarios could not run: ${(error as Error).message}`);
    return EXIT.unreachable;
  }
  const target = targetForUrl(baseUrl, `${options.role} system ${driver.system.asid} (${driver.system.ods})`);
  const identity = runIdentity({
    runId,
    target,
    embeddedMock: true,
    startedAt,
    finishedAt: new Date(),
    tagFilter: scope.effective,
    userTags: options.tags,
    specOnly: false,
    parallel: 0,
  });
  // A client run: the page names the system judged and its driver, not the mock as the target.
  identity.client = { role: options.role, asids: [driver.system.asid], driver: driver.file };
  const run = buildAssuranceRun(envelopes, {
    identity,
    catalogue: loadCatalogue(),
    notTestable: loadNotTestableReasons(),
    secrets: target.secrets,
    scope: { requirementIds: scope.requirementIds, scenarioTag: scope.roleTag },
  });
  const written = writeRunReports(run, outDir, target.secrets);
  say('');
  for (const line of summaryTable(run)) say(line);
  if (run.defects.length > 0) {
    say('');
    say('defects (each a failing check, however many scenarios it reached):');
    for (const line of defectLines(run)) say(line);
  }
  const r = run.requirementTotals;
  say('');
  say(
    `requirements: ${r.passed} passed, ${r.failed} failed, ${r.blocked} blocked, ${r.broken} broken, ` +
      `${r['not run']} not run, ${r['not testable']} not testable (the ${options.role}'s client requirements)`,
  );
  say(verdictLine(run));
  return sealRun(outDir, reportedExit(run, written, say, complain), signingKey, []);
}
