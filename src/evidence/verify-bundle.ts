// Checks an evidence bundle read into memory (issue 13, point 1): every file against the manifest (changed,
// added, missing), the manifest against its chain, the signature against the manifest's key or the one the
// reviewer gives, and the report against the messages it was built from. One line per problem.
import { createHash, type KeyObject } from 'node:crypto';
import type { AssuranceRun } from '../report/model.ts';
import {
  brokenLink,
  chainSeed,
  type EvidenceManifest,
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  manifestBytes,
  nextLink,
  SIGNATURE_FILE,
} from './manifest.ts';
import type { ReadBundle } from './read-bundle.ts';
import { rebuildProblems } from './rebuild-check.ts';
import { fingerprintOf, publicKeyFromPem, signatureHolds } from './signing.ts';

export interface Verification {
  manifest?: EvidenceManifest;
  /** The bundled assurance.json's verdict, when it could be read. */
  verdict?: AssuranceRun['verdict'];
  /** The fingerprint of the key whose signature holds; undefined for a hash-chained bundle. */
  signedBy?: string;
  problems: string[];
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** The manifest, or why it cannot be trusted to list the files. */
function parseManifest(data: Buffer): EvidenceManifest | string {
  let manifest: EvidenceManifest;
  try {
    manifest = JSON.parse(data.toString('utf8')) as EvidenceManifest;
  } catch (error) {
    return `not JSON (${(error as Error).message})`;
  }
  const wellFormed =
    manifest?.format === MANIFEST_FORMAT &&
    Array.isArray(manifest.files) &&
    manifest.files.every(
      (file) => typeof file?.path === 'string' && typeof file.sha256 === 'string' && typeof file.chain === 'string',
    ) &&
    typeof manifest.chainHead === 'string' &&
    typeof manifest.run?.id === 'string' &&
    typeof manifest.harness?.sha256 === 'string';
  if (!wellFormed) return `not an ${MANIFEST_FORMAT} manifest`;
  // Written in one form only: any other byte (a space, a reordered key) is an edit, even one JSON ignores.
  if (!manifestBytes(manifest).equals(data)) return 'not as the harness writes it: edited';
  return manifest;
}

/**
 * Which side changed when a file and its entry disagree: a file whose hash is the one its chain link was made
 * with is as bundled, and the entry's sha256 (or size) is the edit.
 */
function fileProblems(bundle: ReadBundle, manifest: EvidenceManifest): string[] {
  const problems: string[] = [];
  const listed = new Set<string>();
  const { files, chainHead: _head, ...header } = manifest;
  let previous = chainSeed(header);
  for (const file of files) {
    listed.add(file.path);
    const data = bundle.files.get(file.path);
    const actual = data && sha256(data);
    if (!data) problems.push(`missing: ${file.path}`);
    else if (actual === file.sha256 && data.length !== file.bytes)
      problems.push(`changed: ${MANIFEST_FILE} (the size listed for ${file.path})`);
    else if (actual !== file.sha256)
      problems.push(
        nextLink(previous, file.path, actual!) === file.chain
          ? `changed: ${MANIFEST_FILE} (the sha256 listed for ${file.path})`
          : `changed: ${file.path}`,
      );
    previous = file.chain;
  }
  const own = new Set([MANIFEST_FILE, ...(manifest.signature ? [SIGNATURE_FILE] : [])]);
  for (const path of bundle.files.keys()) if (!listed.has(path) && !own.has(path)) problems.push(`added: ${path}`);
  for (const path of bundle.strays) problems.push(`added: ${path}`);
  return problems;
}

function signatureProblems(
  bundle: ReadBundle,
  manifest: EvidenceManifest,
  given?: { key: KeyObject; source: string },
): { problems: string[]; signedBy?: string } {
  const signature = bundle.files.get(SIGNATURE_FILE);
  const declared = manifest.signature;
  if (!declared) {
    if (given) return { problems: [`not signed: the bundle is hash-chained only, and ${given.source} was given`] };
    return { problems: [] };
  }
  if (!signature)
    return { problems: [`missing: ${SIGNATURE_FILE} (the manifest says ${declared.fingerprint} signed it)`] };
  let key: KeyObject;
  try {
    key = given?.key ?? publicKeyFromPem(declared.publicKey, `${MANIFEST_FILE} signature.publicKey`);
  } catch (error) {
    return { problems: [`changed: ${MANIFEST_FILE} (${(error as Error).message})`] };
  }
  if (!given && fingerprintOf(key) !== declared.fingerprint)
    return { problems: [`changed: ${MANIFEST_FILE} (signature.fingerprint is not its public key's)`] };
  const manifestData = bundle.files.get(MANIFEST_FILE)!;
  if (!signatureHolds(manifestData, signature, key)) {
    const whose = given
      ? `is not a signature by ${given.source} (${fingerprintOf(key)}) of ${MANIFEST_FILE}; the manifest names ` +
        `${declared.fingerprint}`
      : `is not a signature of ${MANIFEST_FILE} by the key it names (${declared.fingerprint})`;
    return { problems: [`bad signature: ${SIGNATURE_FILE} ${whose}`] };
  }
  return { problems: [], signedBy: fingerprintOf(key) };
}

/** `publicKey`: the key the reviewer expects (verify --public-key); without it, the manifest's own. */
export function verifyBundle(bundle: ReadBundle, publicKey?: { key: KeyObject; source: string }): Verification {
  if (bundle.damage) return { problems: [`damaged: ${bundle.damage}`] };
  let verdict: AssuranceRun['verdict'] | undefined;
  try {
    verdict = (JSON.parse(bundle.files.get('assurance.json')?.toString('utf8') ?? 'null') as AssuranceRun)?.verdict;
  } catch {
    // Named by the file check (changed) and the rebuild check (not JSON).
  }
  const parsed = parseManifest(bundle.files.get(MANIFEST_FILE)!);
  const problems: string[] = [];
  let signedBy: string | undefined;
  if (typeof parsed === 'string') {
    problems.push(`changed: ${MANIFEST_FILE} (${parsed})`);
  } else {
    problems.push(...fileProblems(bundle, parsed));
    const broken = brokenLink(parsed);
    if (broken) problems.push(`broken chain: ${MANIFEST_FILE}, at ${broken}`);
    const signed = signatureProblems(bundle, parsed, publicKey);
    problems.push(...signed.problems);
    signedBy = signed.signedBy;
  }
  problems.push(...rebuildProblems(bundle.files));
  return { ...(typeof parsed === 'string' ? {} : { manifest: parsed }), verdict, signedBy, problems };
}
