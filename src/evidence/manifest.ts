// manifest.json of an evidence bundle (issue 13, point 1): what ran (run identity, harness, target,
// options), and the SHA-256 of every file, hash-chained: each entry's `chain` is SHA-256(previous chain +
// path + sha256), starting from the SHA-256 of everything above the file list, so a change to any file, any
// hash or any identity field changes `chainHead`. Anyone can recompute a chain: it catches accidental and
// naive edits; only the signature (manifest.sig) says who made the bundle.
import { createHash } from 'node:crypto';
import type { RunIdentity } from '../report/model.ts';
import type { HarnessIdentity } from './harness-hash.ts';

export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig';
export const BUNDLE_FILE = 'evidence.tar.gz';
export const MANIFEST_FORMAT = 'nrls-conformance-evidence/1';

export interface ManifestFile {
  /** Relative to the run folder, '/'-separated. */
  path: string;
  bytes: number;
  sha256: string;
  chain: string;
}

export interface EvidenceManifest {
  format: typeof MANIFEST_FORMAT;
  /** From the run's assurance.json. */
  run: RunIdentity;
  harness: HarnessIdentity;
  /** Name and base URL only: the files were redacted when written, and no secret is listed here. */
  target: { name: string; baseUrl: string; embeddedMock: boolean };
  options: { tagFilter: string; userTags: string; specOnly: boolean; parallel: number; faults: string[] };
  /** Present when signed: manifest.sig is the Ed25519 signature of manifest.json's bytes by this key. */
  signature?: { algorithm: 'Ed25519'; publicKey: string; fingerprint: string };
  files: ManifestFile[];
  chainHead: string;
}

export type ManifestHeader = Omit<EvidenceManifest, 'files' | 'chainHead'>;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Where the chain starts: the SHA-256 of the header's JSON, so the identity is chained as well. */
export const chainSeed = (header: ManifestHeader) => sha256(JSON.stringify(header));

export const nextLink = (previous: string, path: string, fileSha256: string) =>
  sha256(`${previous}${path}${fileSha256}`);

export function buildManifest(
  header: ManifestHeader,
  files: readonly { path: string; bytes: number; sha256: string }[],
): EvidenceManifest {
  let chain = chainSeed(header);
  const chained = files.map((file) => {
    chain = nextLink(chain, file.path, file.sha256);
    return { ...file, chain };
  });
  return { ...header, files: chained, chainHead: chain };
}

/** The bytes as written; `verify` refuses a manifest.json that differs from this form of its own content. */
export const manifestBytes = (manifest: EvidenceManifest) => Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);

/** The first place the chain breaks ('' when it holds): an entry's link, or the head. */
export function brokenLink(manifest: EvidenceManifest): string {
  const { files, chainHead, ...header } = manifest;
  let chain = chainSeed(header);
  for (const [at, file] of files.entries()) {
    chain = nextLink(chain, file.path, file.sha256);
    // The first link also covers the fields above the list (the seed).
    if (file.chain !== chain) return `${at === 0 ? 'the identity fields or ' : ''}the entry of ${file.path}`;
  }
  return chain === chainHead ? '' : 'the chain head';
}
