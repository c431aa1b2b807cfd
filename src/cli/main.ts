// `nrls-conformance <command>`: one file per command under src/cli/, each imported only when it is the
// command asked for, so that --help and --version answer at once.
import { packageInfo } from '../runner/package-info.ts';

const USAGE = `nrls-conformance: mock server and conformance suite for the NRLS FHIR API 1.2.x

Usage:
  nrls-conformance run [options]      run the conformance suite and write the reports (run --help)
  nrls-conformance mock [options]     start the mock NRLS server (mock --help)
  nrls-conformance assure-client ...  judge a provider or consumer system through its driver (assure-client --help)
  nrls-conformance init [FILE]        write a commented example target profile (default nrls-target.json)
  nrls-conformance report RUN_DIR     rebuild a run's assurance reports from its messages.ndjson
  nrls-conformance judge DIR          the client assurance report of a recording (judge --help)
  nrls-conformance compare A B        what changed from run A to run B; exit 1 on a regression (compare --help)
  nrls-conformance verify BUNDLE      check a run's evidence.tar.gz is intact (verify --help)
  nrls-conformance help               this text
  nrls-conformance --version          the harness's name and version
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'mock':
      return (await import('./mock.ts')).runMockCommand(rest);
    case 'run':
      return (await import('./run.ts')).runRunCommand(rest);
    case 'assure-client':
      return (await import('./assure-client.ts')).runAssureClientCommand(rest);
    case 'init':
      return (await import('./init.ts')).runInitCommand(rest);
    case 'report':
      return (await import('./report.ts')).runReportCommand(rest);
    case 'judge':
      return (await import('./judge.ts')).runJudgeCommand(rest);
    case 'compare':
      return (await import('./compare.ts')).runCompareCommand(rest);
    case 'verify':
      return (await import('./verify.ts')).runVerifyCommand(rest);
    case '--version':
    case '-v':
    case 'version': {
      const { name, version } = packageInfo();
      process.stdout.write(`${name} ${version}\n`);
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(`nrls-conformance: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}
