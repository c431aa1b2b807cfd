// Reading a pointer the client sent, whatever shape it has: the body rules must judge broken pointers
// without throwing, so every step checks what it finds.

export type Json = Record<string, unknown>;

export function objectAt(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

/** An element's values as a list: a repeating element's array, or a single value as a list of one. */
export function listAt(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** A non-empty string, or undefined. */
export function textAt(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
