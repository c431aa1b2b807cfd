// `nrls-conformance <command>`: one file per command under src/cli/.
import { runMockCommand } from './mock.ts';
import { runRunCommand } from './run.ts';
import { runInitCommand } from './init.ts';
import { runReportCommand } from './report.ts';

const USAGE = `nrls-conformance: mock server and conformance suite for the NRLS FHIR API 1.2.x

Usage:
  nrls-conformance run [options]      run the conformance suite and write the reports (run --help)
  nrls-conformance mock [options]     start the mock NRLS server (mock --help)
  nrls-conformance init [FILE]        write a commented example target profile (default nrls-target.json)
  nrls-conformance report RUN_DIR     rebuild a run's assurance reports from its messages.ndjson
  nrls-conformance help               this text
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'mock':
      return runMockCommand(rest);
    case 'run':
      return runRunCommand(rest);
    case 'init':
      return runInitCommand(rest);
    case 'report':
      return runReportCommand(rest);
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
