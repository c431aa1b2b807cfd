import { fileURLToPath } from 'node:url';

/** The JSON Schema of assurance.json, copied into every run folder beside it. */
export const SCHEMA_FILE = fileURLToPath(new URL('./assurance.schema.json', import.meta.url));
