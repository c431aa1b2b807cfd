// Sharing the parts most pointers have in common; used as pointers are read and as they are stored.
import type { StoredPointer } from '../../src/domain/pointer.ts';

/**
 * Parts most pointers have in common (the record type, the author and custodian references, the
 * profile) are kept once and shared, rather than once per pointer, so that a million pointers fit in
 * memory (JSON.parse makes every copy anew). Sharing is safe because nothing changes these parts in
 * place: updates replace a pointer's top-level elements (supersede, json-server's PUT and PATCH).
 * Only parts of few distinct values are shared, and the table is capped all the same.
 */
const shared = new Map<string, unknown>();

function shareAs<T>(key: string | undefined, part: T): T {
  if (key === undefined) return part;
  const known = shared.get(key);
  if (known !== undefined) return known as T;
  if (shared.size < 10_000) shared.set(key, part);
  return part;
}

const share = <T>(text: T): T => (typeof text === 'string' ? shareAs(text, text) : text);
const isText = (value: unknown): value is string => typeof value === 'string';
const keysAre = (value: object, ...keys: string[]) => {
  const own = Object.keys(value);
  return own.length === keys.length && keys.every((key) => own.includes(key));
};

/** A key for the shapes worth sharing (cheap to compute); undefined for anything else. */
function referenceKey(reference: unknown): string | undefined {
  return reference &&
    typeof reference === 'object' &&
    keysAre(reference, 'reference') &&
    isText((reference as { reference: unknown }).reference)
    ? `reference ${(reference as { reference: string }).reference}`
    : undefined;
}

function typeKey(type: StoredPointer['type']): string | undefined {
  if (!type || !keysAre(type, 'coding') || !Array.isArray(type.coding) || type.coding.length !== 1) return undefined;
  const coding = type.coding[0]!;
  if (
    !coding ||
    !keysAre(coding, 'system', 'code', 'display') ||
    !isText(coding.system) ||
    !isText(coding.code) ||
    !isText(coding.display)
  )
    return undefined;
  return `type ${coding.system}|${coding.code}|${coding.display}`;
}

export function shareParts(pointer: StoredPointer): void {
  pointer.resourceType = share(pointer.resourceType);
  pointer.status = share(pointer.status);
  pointer.type = shareAs(typeKey(pointer.type), pointer.type);
  const author = pointer.author;
  if (Array.isArray(author) && author.length === 1) {
    const key = referenceKey(author[0]);
    pointer.author = shareAs(key && `author ${key}`, author);
  }
  pointer.custodian = shareAs(referenceKey(pointer.custodian), pointer.custodian);
  const { meta, masterIdentifier, content } = pointer;
  if (meta && typeof meta === 'object') {
    meta.versionId = share(meta.versionId);
    const profile = meta.profile;
    if (Array.isArray(profile) && profile.length === 1 && isText(profile[0]))
      meta.profile = shareAs(`profile ${profile[0]}`, profile);
  }
  if (masterIdentifier && typeof masterIdentifier === 'object')
    masterIdentifier.system = share(masterIdentifier.system);
  for (const item of Array.isArray(content) ? content : []) {
    if (item?.attachment && typeof item.attachment === 'object') {
      item.attachment.contentType = share(item.attachment.contentType);
      item.attachment.title = share(item.attachment.title);
    }
  }
}
