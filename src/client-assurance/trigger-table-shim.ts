// SHIM until the simulator triggers land (issue 12): `loadTriggerTable` and `DEFAULT_TRIGGERS_FILE` as
// src/client-assurance/triggers.ts will export them. After the merge, import them from triggers.ts in
// src/cli/assure-client.ts and delete this file.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TriggerTable } from './triggers.ts';

export const DEFAULT_TRIGGERS_FILE = fileURLToPath(new URL('../../fixtures/client-triggers.json', import.meta.url));

export function loadTriggerTable(file: string = DEFAULT_TRIGGERS_FILE): TriggerTable {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as TriggerTable;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 'none (shim)', triggers: [] };
    throw error;
  }
}
