import { randomBytes, randomUUID } from 'node:crypto';

/** NRLS-GEN-004 logical ids, drawn from one app's pool of random bytes. */
export interface IdSource {
  newLogicalId(): string;
}

/** Random bytes drawn in blocks, not one system call per id; one pool per app (createMockApp). */
export function createIdSource(): IdSource {
  let pool = randomBytes(0);
  let taken = 0;
  const nextDigit = (): number => {
    for (;;) {
      if (taken >= pool.length) {
        pool = randomBytes(4096);
        taken = 0;
      }
      const byte = pool[taken++]!;
      // Bytes of 250 and above are dropped, so that every digit is equally likely.
      if (byte < 250) return byte % 10;
    }
  };
  return {
    /** NRLS-GEN-004: `<UUID>-<20 digits>`, the form of the guide's ids; clients must treat it as opaque. */
    newLogicalId() {
      let digits = '';
      for (let i = 0; i < 20; i++) digits += nextDigit();
      return `${randomUUID()}-${digits}`;
    },
  };
}
