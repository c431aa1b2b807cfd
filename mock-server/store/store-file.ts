// The db file's layout: ordinary JSON, one pointer per line, so that a store of a million pointers
// (about 1 GB) can be written and read without one string of that size (V8 caps strings near 512 MB).
//
//   {"DocumentReference":[
//   {…pointer…},
//   {…pointer…}
//   ],"knownPatients":[
//   {"id":"9876543210"}
//   ]}
import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { StoreState } from './store-state.ts';
import { shareParts } from './shared-parts.ts';

const OPEN = '{"DocumentReference":[';
const MIDDLE = '],"knownPatients":[';
const CLOSE = ']}';

/**
 * The state as text chunks, made synchronously so that the snapshot holds whole transactions only
 * (a supersede is either in it entirely or not at all). No chunk is larger than a few pointers.
 */
export function serialiseState(state: StoreState): string[] {
  const chunks: string[] = [`${OPEN}\n`];
  const pointers = state.DocumentReference;
  for (let at = 0; at < pointers.length; at++)
    chunks.push(`${JSON.stringify(pointers[at])}${at < pointers.length - 1 ? ',' : ''}\n`);
  chunks.push(`${MIDDLE}\n`);
  const patients = state.knownPatients;
  for (let at = 0; at < patients.length; at++)
    chunks.push(`${JSON.stringify(patients[at])}${at < patients.length - 1 ? ',' : ''}\n`);
  chunks.push(CLOSE);
  return chunks;
}

/** The line layout above, of any size, read a line at a time; any other JSON file in one parse. */
export async function readStateFile(file: string): Promise<unknown> {
  const handle = await open(file, 'r');
  let start: string;
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(OPEN.length + 2), 0, OPEN.length + 2, 0);
    start = buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
  if (start.startsWith(`${OPEN}\n`) || start.startsWith(`${OPEN}\r`)) return readLineLayout(file);
  return JSON.parse(await readFile(file, 'utf8'));
}

async function readLineLayout(file: string): Promise<unknown> {
  const lines = createInterface({
    input: createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }),
    crlfDelay: Infinity,
  });
  const state: { DocumentReference: unknown[]; knownPatients: unknown[] } = {
    DocumentReference: [],
    knownPatients: [],
  };
  let into: unknown[] | undefined;
  let number = 0;
  for await (const raw of lines) {
    number += 1;
    const line = raw.trim();
    if (number === 1) {
      into = state.DocumentReference;
    } else if (line === MIDDLE) into = state.knownPatients;
    else if (line === CLOSE) into = undefined;
    else if (line !== '' && into === state.DocumentReference) {
      // Shared as it is read, so each pointer's own copies of common parts die young (NRLS mock at 1M pointers).
      const pointer = JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line);
      if (pointer && typeof pointer === 'object') shareParts(pointer);
      into.push(pointer);
    } else if (line !== '' && into) into.push(JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line));
    else if (line !== '') throw new SyntaxError(`unexpected text at line ${number}`);
  }
  return state;
}
