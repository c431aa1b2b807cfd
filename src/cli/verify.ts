// `nrls-conformance verify BUNDLE [--public-key FILE]` (issue 13, point 1): is this evidence bundle the one
// the run wrote? Exit 0 intact, 1 not (each changed, added or missing file, a broken chain, a bad or missing
// signature, a report that does not match its messages: one line each), 2 bad usage.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { harnessIdentity } from '../evidence/harness-hash.ts';
import type { EvidenceManifest } from '../evidence/manifest.ts';
import { BundleUsageError, readBundle } from '../evidence/read-bundle.ts';
import { EvidenceKeyError, publicKeyFromPem } from '../evidence/signing.ts';
import { verifyBundle } from '../evidence/verify-bundle.ts';

export const VERIFY_USAGE = `Usage: nrls-conformance verify BUNDLE [--public-key FILE]

  BUNDLE             a run's evidence.tar.gz (or the run folder holding it)
  --public-key FILE  the Ed25519 public key (PEM) the bundle must be signed by: a bundle signed by
                     another key, or not signed, then fails; without it a signature is checked
                     against the key the manifest names, and its fingerprint is printed
  -h, --help         this text

Checks every file against the manifest's SHA-256, the manifest's hash chain and signature, and
rebuilds the report from the bundled messages.ndjson to compare with the bundled assurance.json.
Exit codes: 0 intact; 1 not intact (each problem on its own line); 2 bad usage (no such file, not
a bundle, an unreadable key).
`;

const say = (line: string) => process.stdout.write(`${line}\n`);
const complain = (line: string) => process.stderr.write(`nrls-conformance verify: ${line}\n`);

/** As `run` says it: a partial run (with --tags) passes, never is CONFORMANT. */
const verdictText = (verdict: string | undefined) =>
  verdict === 'partial' ? 'PASSED (partial: a selection of scenarios)' : String(verdict ?? 'unknown').toUpperCase();

function identityLines(manifest: EvidenceManifest, verdict: string | undefined): string[] {
  const { run, harness, target, options } = manifest;
  const here = harnessIdentity();
  const same =
    here.sha256 === harness.sha256
      ? 'the same as this installation of the harness'
      : `not this installation's (${here.name} ${here.version}, ${here.sha256})`;
  const chosen = [
    options.userTags ? `tags ${options.userTags}` : 'the whole suite',
    options.specOnly ? 'spec only' : '',
    options.faults.length > 0 ? `faults ${options.faults.join(', ')}` : '',
    `parallel ${options.parallel}`,
  ].filter(Boolean);
  return [
    `run:      ${run.id}, ${run.startedAt} to ${run.finishedAt}, verdict ${verdictText(verdict)}`,
    `target:   ${target.name} (${target.baseUrl})`,
    `options:  ${chosen.join(', ')} (tag expression: ${options.tagFilter || 'none'})`,
    `harness:  ${harness.name} ${harness.version}, commit ${harness.commit}`,
    `          harness hash ${harness.sha256}`,
    `          over ${harness.covers}: ${same}`,
  ];
}

export function runVerifyCommand(argv: string[]): number {
  let values: { 'public-key'?: string; help: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: { 'public-key': { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
    }));
  } catch (error) {
    complain((error as Error).message);
    return 2;
  }
  if (values.help) {
    process.stdout.write(VERIFY_USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    complain(positionals.length === 0 ? 'which bundle? (nrls-conformance verify --help)' : 'one bundle at a time');
    return 2;
  }
  let publicKey: Parameters<typeof verifyBundle>[1];
  const keyFile = values['public-key'];
  try {
    if (keyFile !== undefined) {
      const source = `--public-key ${keyFile}`;
      let pem: string;
      try {
        pem = readFileSync(keyFile, 'utf8');
      } catch (error) {
        throw new EvidenceKeyError(`${source}: cannot be read (${(error as NodeJS.ErrnoException).code})`);
      }
      publicKey = { key: publicKeyFromPem(pem, source), source };
    }
    const bundle = readBundle(positionals[0]!);
    const result = verifyBundle(bundle, publicKey);
    if (result.problems.length > 0) {
      for (const problem of result.problems) say(problem);
      if (result.problems.some((problem) => problem.includes('does not match its messages')))
        say('(each mismatch: rebuilt from messages.ndjson first, as in assurance.json second)');
      say(`NOT INTACT: ${bundle.file} (${result.problems.length} problem${result.problems.length === 1 ? '' : 's'})`);
      return 1;
    }
    const manifest = result.manifest!;
    say(`intact: ${bundle.file} (${manifest.files.length} files, chain head ${manifest.chainHead})`);
    for (const line of identityLines(manifest, result.verdict)) say(line);
    say(result.signedBy ? `signed by ${result.signedBy}` : 'unsigned (hash-chained)');
    return 0;
  } catch (error) {
    if (!(error instanceof BundleUsageError) && !(error instanceof EvidenceKeyError)) throw error;
    complain(error.message);
    return 2;
  }
}
