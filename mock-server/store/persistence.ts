// Where the store's changes become durable. In memory nothing is written. With `--db FILE` every change
// is on disk, in a file replaced atomically (temp file, fsync, rename), before its request is answered;
// changes that arrive while a write is under way are written together by the next one (group commit),
// so throughput does not collapse into one fsync per request.
import { readFileSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import type { StoreState } from './store-state.ts';
import { serialiseState } from './store-file.ts';

export interface Persistence {
  /**
   * Resolves once the current state, including the caller's change, is durable. On failure every change
   * not yet durable is undone, newest first, and each waiting caller's promise is rejected (a
   * StoreWriteError naming the file); the next commit writes again.
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

/** Writes the state's chunks to the file; `sequence` tells concurrent writes' temporary files apart. */
export type StateWriter = (file: string, chunks: readonly string[], sequence: number) => Promise<void>;

/**
 * A write that failed: its changes (and those waiting for the next write) were undone. The message names
 * the file; `cause` is the error of the file system (or of making the snapshot).
 */
export class StoreWriteError extends Error {
  override name = 'StoreWriteError';

  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(`the store could not be written to ${file}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}

export class JsonFilePersistence implements Persistence {
  private waiting: Waiting[] = [];
  private writing = false;
  private writes = 0;

  constructor(
    readonly file: string,
    private readonly snapshot: () => StoreState,
    private readonly write: StateWriter = writeFileAtomically,
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

  /**
   * Writes until no change is waiting. Never rejects, and always ends with `writing` false: a failure of
   * the snapshot or of the write rejects the changes it concerns, and the next commit writes again.
   */
  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0);
        try {
          // Taken synchronously: exactly the changes of this batch (and none half-applied) are in it.
          const chunks = serialiseState(this.snapshot());
          await this.write(this.file, chunks, ++this.writes);
          for (const change of batch) change.resolve();
        } catch (error) {
          this.fail([...batch, ...this.waiting.splice(0)], new StoreWriteError(this.file, error));
        }
      }
    } finally {
      this.writing = false;
    }
  }

  /** Undoes the lost changes, newest first, then rejects every one of them (even if an undo throws). */
  private fail(lost: Waiting[], failure: StoreWriteError): void {
    let error: Error = failure;
    for (const change of [...lost].reverse()) {
      try {
        change.undo();
      } catch (undoFailure) {
        // Said in the error every waiting caller gets, never hidden: the store may still hold that change.
        const why = undoFailure instanceof Error ? undoFailure.message : String(undoFailure);
        error = new AggregateError([failure, undoFailure], `${failure.message}; undoing a change failed too: ${why}`);
      }
    }
    for (const change of lost) change.reject(error);
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
