// Shared by the evidence tests: a real run folder (made once per test file by `run`), and the edits a
// forger would make to its bundle: unpack, change, and (optionally) recompute the manifest's hashes and chain.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { buildManifest, type EvidenceManifest, MANIFEST_FILE, manifestBytes } from '../../src/evidence/manifest.ts';
import { readTar, writeTar } from '../../src/evidence/tar.ts';
import { runCli } from '../support/cli.ts';

/** A run folder from `run --out` with these arguments (a small selection, to stay quick); removed by `cleanup`. */
export async function runFolder(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ dir: string; stdout: string; cleanup: () => void }> {
  const out = mkdtempSync(join(tmpdir(), 'nrls-evidence-'));
  const exit = await runCli(['run', '--out', out, '--quiet', ...args], { env });
  assert.ok(exit.code === 0 || exit.code === 1, `run exited ${exit.code}: ${exit.stderr}`);
  const [runId] = readdirSync(out).filter((name) => name !== 'latest');
  return { dir: join(out, runId!), stdout: exit.stdout, cleanup: () => rmSync(out, { recursive: true, force: true }) };
}

export type BundleFiles = Map<string, Buffer>;

/** The bundle's files by their path inside the run's folder, and that folder's name. */
export function unpack(bundle: Buffer): { root: string; files: BundleFiles } {
  const entries = readTar(gunzipSync(bundle));
  const root = entries[0]!.path.split('/')[0]!;
  return { root, files: new Map(entries.map((entry) => [entry.path.slice(root.length + 1), Buffer.from(entry.data)])) };
}

export function pack(root: string, files: BundleFiles): Buffer {
  return gzipSync(writeTar([...files].map(([path, data]) => ({ path: `${root}/${path}`, data }))));
}

/** What a forger who read the README does: every hash and the chain recomputed to match the edited files. */
export function rechain(files: BundleFiles): void {
  const {
    files: listed,
    chainHead: _head,
    ...header
  } = JSON.parse(files.get(MANIFEST_FILE)!.toString('utf8')) as EvidenceManifest;
  const manifest = buildManifest(
    header,
    listed.map(({ path }) => {
      const data = files.get(path)!;
      return { path, bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') };
    }),
  );
  files.set(MANIFEST_FILE, manifestBytes(manifest));
}

/** Writes an edited copy of the bundle beside the tests' other files and returns its path. */
export function editedBundle(
  bundle: string,
  edit: (files: BundleFiles) => void,
  { recompute = false }: { recompute?: boolean } = {},
): string {
  const { root, files } = unpack(readFileSync(bundle));
  edit(files);
  if (recompute) rechain(files);
  const path = join(mkdtempSync(join(tmpdir(), 'nrls-edited-')), 'evidence.tar.gz');
  writeFileSync(path, pack(root, files));
  return path;
}

/**
 * The sed: the failing check and its steps marked passed in messages.ndjson, so that `report` rebuilds
 * a clean run from it.
 */
export function passEveryCheck(messages: Buffer): Buffer {
  return Buffer.from(
    messages
      .toString('utf8')
      .replaceAll('\\"outcome\\":\\"failed\\"', '\\"outcome\\":\\"passed\\"')
      .replaceAll('"status":"FAILED"', '"status":"PASSED"')
      .replaceAll('"status":"SKIPPED"', '"status":"PASSED"'),
  );
}
