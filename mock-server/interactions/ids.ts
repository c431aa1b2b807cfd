import { randomBytes, randomUUID } from 'node:crypto';

/** Random bytes drawn in blocks, not one system call per id. */
let pool = randomBytes(0);
let taken = 0;

function nextDigit(): number {
  for (;;) {
    if (taken >= pool.length) {
      pool = randomBytes(4096);
      taken = 0;
    }
    const byte = pool[taken++]!;
    // Bytes of 250 and above are dropped, so that every digit is equally likely.
    if (byte < 250) return byte % 10;
  }
}

/** NRLS-GEN-004: `<UUID>-<20 digits>`, the form of the guide's ids; clients must treat it as opaque. */
export function newLogicalId(): string {
  let digits = '';
  for (let i = 0; i < 20; i++) digits += nextDigit();
  return `${randomUUID()}-${digits}`;
}
