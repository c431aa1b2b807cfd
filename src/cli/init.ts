// `nrls-conformance init [FILE]`: writes the commented example target profile; never overwrites.
import { existsSync, writeFileSync } from 'node:fs';
import { EXAMPLE_PROFILE } from '../target/example-profile.ts';

export function runInitCommand(argv: string[]): number {
  if (argv.length > 1 || argv[0]?.startsWith('-')) {
    process.stderr.write('Usage: nrls-conformance init [FILE]   (default nrls-target.json)\n');
    return argv[0] === '--help' || argv[0] === '-h' ? 0 : 2;
  }
  const file = argv[0] ?? 'nrls-target.json';
  if (existsSync(file)) {
    process.stderr.write(`nrls-conformance init: ${file} already exists; not overwritten\n`);
    return 2;
  }
  writeFileSync(file, EXAMPLE_PROFILE);
  process.stdout.write(`wrote ${file}: edit it, then run: npx nrls-conformance run --target ${file}\n`);
  return 0;
}
