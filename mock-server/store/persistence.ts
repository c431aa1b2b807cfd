// Where the store's changes become durable. In memory nothing is written. With `--db FILE` every change
// is on disk, in a file replaced atomically (temp file, fsync, rename), before its request is answered;
// changes that arrive while a write is under way are written together by the next one (group commit),
// so throughput does not collapse into one fsync per request.
import { readFileSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import type { StoreState } from './pointer-store.ts';
import { serialiseState } from './store-file.ts';

export interface Persistence {
  /**
   * Resolves once the current state, including the caller's change, is durable. On failure every change
   * not yet durable is undone, newest first, and each waiting caller's promise is rejected.
   */
  commit(undo: () => void): Promise<void>;
  /** The file behind the store, if any. */
  readonly file?: string;
  /** The state last made durable, for undoing changes that have no undo of their own. */
  readDurable?(): unknown;
}

export const inMemory: Persistence = { commit: () => Promise.resolve() };

interface Waiting {
  undo: () => void;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class JsonFilePersistence implements Persistence {
  private waiting: Waiting[] = [];
  private writing = false;
  private writes = 0;

  constructor(
    readonly file: string,
    private readonly snapshot: () => StoreState,
  ) {}

  readDurable(): unknown {
    return JSON.parse(readFileSync(this.file, 'utf8'));
  }

  commit(undo: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ undo, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0);
      // Taken synchronously: exactly the changes of this batch (and none half-applied) are in it.
      const chunks = serialiseState(this.snapshot());
      try {
        await writeFileAtomically(this.file, chunks, ++this.writes);
        for (const change of batch) change.resolve();
      } catch (error) {
        const lost = [...batch, ...this.waiting.splice(0)];
        for (const change of [...lost].reverse()) change.undo();
        for (const change of lost) change.reject(error);
      }
    }
    this.writing = false;
  }
}

/** Writes the chunks to a temporary file, fsyncs it, and renames it over `file`. */
export async function writeFileAtomically(file: string, chunks: readonly string[], sequence = 0): Promise<void> {
  const temporary = `${file}.${process.pid}.${sequence}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    // About 1 MB per write call: few calls, and no string of the whole store.
    let batch: string[] = [];
    let size = 0;
    for (const chunk of chunks) {
      batch.push(chunk);
      size += chunk.length;
      if (size >= 1 << 20) {
        await handle.write(batch.join(''));
        batch = [];
        size = 0;
      }
    }
    if (batch.length > 0) await handle.write(batch.join(''));
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
