// `nrls-conformance <command>`: one file per command under src/cli/.
import { runMockCommand } from './mock.ts';

const USAGE = `nrls-conformance: mock server and conformance suite for the NRLS FHIR API 1.2.x

Usage:
  nrls-conformance mock [options]     start the mock NRLS server (see: nrls-conformance mock --help)
  nrls-conformance help               this text
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'mock':
      return runMockCommand(rest);
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
