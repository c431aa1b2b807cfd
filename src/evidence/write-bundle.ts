// Writes evidence.tar.gz into a run folder at the end of a run (issue 13, point 1): every file of the folder
// (the reports, Cucumber's outputs, preflight.json, a container's log), already redacted, under a folder named
// after the run, with manifest.json (and manifest.sig when a key is given). `tar xzf` unpacks it into a run
// folder that `nrls-conformance report` can rebuild; `nrls-conformance verify` checks it.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { AssuranceRun } from '../report/model.ts';
import { harnessIdentity } from './harness-hash.ts';
import {
  BUNDLE_FILE,
  buildManifest,
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  type ManifestHeader,
  manifestBytes,
  SIGNATURE_FILE,
} from './manifest.ts';
import { type SigningKey, signManifest } from './signing.ts';
import { type TarEntry, writeTar } from './tar.ts';

export interface WrittenBundle {
  path: string;
  bytes: number;
  files: number;
  /** The signing key's fingerprint, or undefined for a hash-chained bundle. */
  signedBy?: string;
  chainHead: string;
}

/** Files only, in every subfolder, '/'-separated and sorted; links (`latest`) and the bundle itself are left out. */
function runFiles(dir: string, under = ''): string[] {
  return readdirSync(join(dir, under), { withFileTypes: true })
    .flatMap((entry) => {
      const path = under ? `${under}/${entry.name}` : entry.name;
      if (entry.isDirectory()) return runFiles(dir, path);
      return entry.isFile() && path !== BUNDLE_FILE ? [path] : [];
    })
    .sort();
}

/**
 * Undefined when the folder holds no assurance.json (a run stopped by its preflight has no verdict to
 * vouch for). `faults` are the embedded mock's deliberate faults (run --fault), not in the run identity.
 */
export function writeEvidenceBundle(
  dir: string,
  { signingKey, faults = [] }: { signingKey?: SigningKey; faults?: readonly string[] } = {},
): WrittenBundle | undefined {
  const paths = runFiles(dir);
  if (!paths.includes('assurance.json')) return undefined;
  for (const reserved of [MANIFEST_FILE, SIGNATURE_FILE]) {
    if (paths.includes(reserved)) throw new Error(`${join(dir, reserved)}: a run file has the manifest's name`);
  }
  const { run } = JSON.parse(readFileSync(join(dir, 'assurance.json'), 'utf8')) as AssuranceRun;
  const contents = paths.map((path) => {
    const file = join(dir, path);
    return { path, data: readFileSync(file), mtime: statSync(file).mtimeMs / 1000 };
  });
  const header: ManifestHeader = {
    format: MANIFEST_FORMAT,
    run,
    harness: harnessIdentity(),
    target: run.target,
    options: {
      tagFilter: run.tagFilter,
      userTags: run.userTags,
      specOnly: run.specOnly,
      parallel: run.parallel,
      faults: [...faults],
    },
    ...(signingKey
      ? {
          signature: {
            algorithm: 'Ed25519' as const,
            publicKey: signingKey.publicKeyPem,
            fingerprint: signingKey.fingerprint,
          },
        }
      : {}),
  };
  const manifest = buildManifest(
    header,
    contents.map(({ path, data }) => ({
      path,
      bytes: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
    })),
  );
  const manifestData = manifestBytes(manifest);
  const now = Date.now() / 1000;
  const entries: TarEntry[] = [
    { path: MANIFEST_FILE, data: manifestData, mtime: now },
    ...(signingKey
      ? [{ path: SIGNATURE_FILE, data: Buffer.from(signManifest(manifestData, signingKey)), mtime: now }]
      : []),
    ...contents,
  ].map((entry) => ({ ...entry, path: `${run.id}/${entry.path}` }));
  // zlib's default level: a full run's 18 MB becomes about 1.7 MB in about 0.1 s.
  const bundle = gzipSync(writeTar(entries));
  const path = join(dir, BUNDLE_FILE);
  writeFileSync(path, bundle);
  return {
    path,
    bytes: bundle.length,
    files: paths.length,
    signedBy: signingKey?.fingerprint,
    chainHead: manifest.chainHead,
  };
}
