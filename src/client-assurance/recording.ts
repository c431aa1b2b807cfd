// Reading a recording that `mock --record DIR` wrote: DIR/recording.json (who recorded, against what
// directory of client systems) and DIR/exchanges.ndjson (one RecordedExchange per line, in arrival order).
// Anything malformed is a RecordingError whose message names the file and line, for the judge's one line.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ClientDirectory, RecordedExchange } from './recorded-exchange.ts';

export const RECORDING_FORMAT = 'nrls-client-recording';
export const RECORDING_FILE = 'recording.json';
export const EXCHANGES_FILE = 'exchanges.ndjson';

export interface RecordingMeta {
  format: typeof RECORDING_FORMAT;
  version: 1;
  startedAt: string;
  harness: { name: string; version: string };
  baseUrl: string;
  directory: ClientDirectory;
}

export interface Recording {
  meta: RecordingMeta;
  exchanges: RecordedExchange[];
  /** The line of exchanges.ndjson each exchange was read from (same order as `exchanges`). */
  lines: number[];
}

export class RecordingError extends Error {}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function readMeta(dir: string): RecordingMeta {
  const file = join(dir, RECORDING_FILE);
  if (!existsSync(file)) throw new RecordingError(`${dir} is not a recording: no ${RECORDING_FILE}`);
  let meta: unknown;
  try {
    meta = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new RecordingError(`${RECORDING_FILE}: not JSON`);
  }
  if (!isObject(meta) || meta.format !== RECORDING_FORMAT)
    throw new RecordingError(`${RECORDING_FILE}: not a recording (format is not "${RECORDING_FORMAT}")`);
  if (meta.version !== 1)
    throw new RecordingError(`${RECORDING_FILE}: version ${String(meta.version)} is not one this judge reads (1)`);
  const directory = meta.directory;
  if (!isObject(directory) || !Array.isArray(directory.systems) || !Array.isArray(directory.organisations))
    throw new RecordingError(`${RECORDING_FILE}: no client directory (directory.systems, directory.organisations)`);
  if (typeof meta.baseUrl !== 'string' || typeof meta.startedAt !== 'string' || !isObject(meta.harness))
    throw new RecordingError(`${RECORDING_FILE}: baseUrl, startedAt and harness are required`);
  return meta as unknown as RecordingMeta;
}

/** The shape a line must have for the judge to read it; the rest is the rules' business. */
function problemOf(value: unknown): string | undefined {
  if (!isObject(value)) return 'not a JSON object';
  if (typeof value.seq !== 'number') return 'no seq';
  if (typeof value.receivedAt !== 'string') return 'no receivedAt';
  const request = value.request;
  if (!isObject(request) || typeof request.method !== 'string' || typeof request.url !== 'string')
    return 'no request (method, url)';
  if (!Array.isArray(request.headers)) return 'request.headers is not a list of [name, value] pairs';
  if (!isObject(value.response) || typeof value.response.status !== 'number') return 'no response status';
  return undefined;
}

export function readRecording(dir: string): Recording {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new RecordingError(`${dir}: no such folder`);
  const meta = readMeta(dir);
  const file = join(dir, EXCHANGES_FILE);
  // A recording the mock started but no client reached yet: nothing to judge, not malformed.
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const exchanges: RecordedExchange[] = [];
  const lines: number[] = [];
  text.split('\n').forEach((line, at) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new RecordingError(`${EXCHANGES_FILE} line ${at + 1}: not JSON`);
    }
    const problem = problemOf(value);
    if (problem) throw new RecordingError(`${EXCHANGES_FILE} line ${at + 1}: ${problem}`);
    const exchange = value as RecordedExchange;
    exchanges.push({ ...exchange, fromAsid: typeof exchange.fromAsid === 'string' ? exchange.fromAsid : '' });
    lines.push(at + 1);
  });
  return { meta, exchanges, lines };
}
