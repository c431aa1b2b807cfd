// Reads an evidence bundle into memory for `verify` (issue 13, point 1): nothing is unpacked to disk, so a
// hostile archive's names (`../x`) and links reach no file.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { BUNDLE_FILE, MANIFEST_FILE } from './manifest.ts';
import { readTar, TarFormatError } from './tar.ts';

/** The bundle cannot be checked at all: exit 2 (no such file, not a gzip file, no manifest). */
export class BundleUsageError extends Error {
  override name = 'BundleUsageError';
}

export interface ReadBundle {
  /** The bundle file read (a run folder given stands for its evidence.tar.gz). */
  file: string;
  /** The folder every entry should be under: the run id. */
  root: string;
  /** Entries under the root, by their path inside it. */
  files: Map<string, Buffer>;
  /** Entries outside the root, and second copies of a path: both are additions. */
  strays: string[];
  /** Set when the archive is damaged (gzip or tar): its files cannot be read. */
  damage?: string;
}

export function readBundle(given: string): ReadBundle {
  if (!existsSync(given)) throw new BundleUsageError(`${given}: no such file`);
  const file = statSync(given).isDirectory() ? join(given, BUNDLE_FILE) : given;
  if (!existsSync(file)) throw new BundleUsageError(`${given} is a folder without ${BUNDLE_FILE}`);
  let compressed: Buffer;
  try {
    compressed = readFileSync(file);
  } catch (error) {
    throw new BundleUsageError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code})`);
  }
  if (compressed[0] !== 0x1f || compressed[1] !== 0x8b)
    throw new BundleUsageError(`${file}: not an evidence bundle (not a gzip file; expected ${BUNDLE_FILE})`);
  let damage: string | undefined;
  let archive: Buffer;
  try {
    archive = gunzipSync(compressed);
  } catch (error) {
    damage = `the gzip stream is damaged (${(error as Error).message})`;
    archive = Buffer.alloc(0);
  }
  let entries: ReturnType<typeof readTar> = [];
  try {
    entries = readTar(archive);
  } catch (error) {
    if (!(error instanceof TarFormatError)) throw error;
    damage ??= `the tar archive is damaged (${error.message})`;
  }
  const root = entries[0]?.path.split('/')[0] ?? '';
  const files = new Map<string, Buffer>();
  const strays: string[] = [];
  for (const entry of entries) {
    const inside = entry.path.startsWith(`${root}/`) ? entry.path.slice(root.length + 1) : undefined;
    if (inside === undefined || files.has(inside)) strays.push(entry.path);
    else files.set(inside, entry.data);
  }
  if (!files.has(MANIFEST_FILE) && !damage)
    throw new BundleUsageError(`${file}: not an evidence bundle (no ${root ? `${root}/` : ''}${MANIFEST_FILE})`);
  return { file, root, files, strays, ...(damage ? { damage } : {}) };
}
