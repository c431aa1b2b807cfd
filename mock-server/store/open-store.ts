// Opens the store: seeded from the fixtures in memory, or the `--db` file (created from the fixtures
// when it does not exist yet). A file that is not a store is refused with a message naming it.
import type { MockConfig } from '../config.ts';
import { JsonFilePersistence, writeFileAtomically } from './persistence.ts';
import { PointerStore } from './pointer-store.ts';
import type { StoreState } from './store-state.ts';
import { seedState } from './seed.ts';
import { readStateFile, serialiseState } from './store-file.ts';

export class StoreFileError extends Error {
  override name = 'StoreFileError';
}

async function readStoreFile(file: string): Promise<StoreState | undefined> {
  let state: unknown;
  try {
    state = await readStateFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (error instanceof SyntaxError) throw new StoreFileError(`${file}: not JSON (${error.message})`);
    throw new StoreFileError(`${file}: ${(error as Error).message}`);
  }
  const candidate = state as Partial<StoreState> | null;
  if (!candidate || typeof candidate !== 'object' || !Array.isArray(candidate.DocumentReference)) {
    throw new StoreFileError(`${file}: not an NRLS mock store (expected an object with a DocumentReference array)`);
  }
  if (candidate.knownPatients !== undefined && !Array.isArray(candidate.knownPatients)) {
    throw new StoreFileError(`${file}: knownPatients must be an array`);
  }
  const isRecord = (entry: unknown): entry is { id: unknown } =>
    entry !== null && typeof entry === 'object' && !Array.isArray(entry);
  for (const [collection, entries] of [
    ['DocumentReference', candidate.DocumentReference],
    ['knownPatients', candidate.knownPatients ?? []],
  ] as const) {
    entries.forEach((entry: unknown, at: number) => {
      if (!isRecord(entry) || typeof entry.id !== 'string') {
        throw new StoreFileError(`${file}: ${collection}[${at}] must be an object with a string id`);
      }
    });
  }
  return { DocumentReference: candidate.DocumentReference, knownPatients: candidate.knownPatients ?? [] };
}

export async function openStore(config: MockConfig): Promise<PointerStore> {
  if (!config.dbFile) return new PointerStore(seedState(config.fixtures));
  const existing = await readStoreFile(config.dbFile);
  const store = new PointerStore(existing ?? seedState(config.fixtures));
  if (!existing) await writeFileAtomically(config.dbFile, serialiseState(store.state));
  store.usePersistence(new JsonFilePersistence(config.dbFile, () => store.state));
  return store;
}
