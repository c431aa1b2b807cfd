import { randomInt, randomUUID } from 'node:crypto';

/** NRLS-GEN-004: `<UUID>-<20 digits>`, the form of the guide's ids; clients must treat it as opaque. */
export function newLogicalId(): string {
  let digits = '';
  for (let i = 0; i < 20; i++) digits += randomInt(10).toString();
  return `${randomUUID()}-${digits}`;
}
