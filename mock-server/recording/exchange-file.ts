// `mock --record DIR`: DIR/recording.json says which mock recorded and for which client systems;
// DIR/exchanges.ndjson gets one RecordedExchange per line as each completes. Each line is written with
// writeSync before the response goes out, so a kill (even -9) loses nothing already answered, and
// nothing accumulates in memory.
import { closeSync, mkdirSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ClientDirectory, RecordedExchange } from '../../src/client-assurance/recorded-exchange.ts';

export const EXCHANGES_FILE = 'exchanges.ndjson';
export const RECORDING_FILE = 'recording.json';

/** The folder cannot be made or written: the reason, in words, for the one-line error. */
export class RecordingError extends Error {
  override name = 'RecordingError';
}

/** DIR/recording.json. */
export interface RecordingIdentity {
  format: 'nrls-client-recording';
  version: 1;
  startedAt: string;
  harness: { name: string; version: string };
  /** The mock's service base the clients were pointed at. */
  baseUrl: string;
  directory: ClientDirectory;
}

export interface ExchangeFile {
  readonly dir: string;
  readonly path: string;
  append(exchange: RecordedExchange): void;
  close(): void;
}

const reasonOf = (error: unknown) => {
  const { code, message } = error as NodeJS.ErrnoException;
  return code ? `${message.split(',')[0]}` : message;
};

/** Creates DIR if needed and opens DIR/exchanges.ndjson to append; throws RecordingError with the reason. */
export function openExchangeFile(dir: string, reportWriteError: (error: unknown) => void): ExchangeFile {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new RecordingError(`cannot create the folder (${reasonOf(error)})`);
  }
  if (!statSync(dir).isDirectory()) throw new RecordingError('is not a folder');
  const path = join(dir, EXCHANGES_FILE);
  let fd: number;
  try {
    fd = openSync(path, 'a');
  } catch (error) {
    throw new RecordingError(`cannot write ${EXCHANGES_FILE} (${reasonOf(error)})`);
  }
  let failed = false;
  return {
    dir,
    path,
    append(exchange) {
      try {
        writeSync(fd, `${JSON.stringify(exchange)}\n`);
      } catch (error) {
        // Reported once (a full disk would otherwise report on every request); the mock keeps answering.
        if (!failed) reportWriteError(new RecordingError(`cannot append to ${path} (${reasonOf(error)})`));
        failed = true;
      }
    },
    close: () => closeSync(fd),
  };
}

/** DIR/recording.json, written when the mock starts listening; throws RecordingError with the reason. */
export function writeRecordingIdentity(dir: string, identity: Omit<RecordingIdentity, 'format' | 'version'>): void {
  const recording: RecordingIdentity = { format: 'nrls-client-recording', version: 1, ...identity };
  try {
    writeFileSync(join(dir, RECORDING_FILE), `${JSON.stringify(recording, null, 2)}\n`);
  } catch (error) {
    throw new RecordingError(`cannot write ${RECORDING_FILE} (${reasonOf(error)})`);
  }
}
