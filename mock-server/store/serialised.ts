// The JSON and XML of stored pointers, kept while the pointer is unchanged: search results serve the same
// pointers again and again. The store forgets a pointer's forms whenever it changes one, and all of them
// when json-server (the _admin router) may have changed any, so a form is never stale. The forms of at most
// MAX_POINTERS pointers are kept (about 4 KB each), so memory stays bounded however many pointers a store
// of a million has served: past the cap every form is dropped and the cache fills again from what is asked.
import type { FhirResource } from '../../src/domain/stu3-xml.ts';

export const MAX_POINTERS = 20_000;

interface Forms {
  /** As bytes: a searchset is then assembled without encoding its entries again. */
  json?: Buffer;
  xml?: string;
}

let forms = new WeakMap<object, Forms>();
/** Pointers given forms since the cache was last emptied (some may since have gone). */
let kept = 0;

export function forgetSerialised(pointer: object): void {
  forms.delete(pointer);
}

export function forgetAllSerialised(): void {
  forms = new WeakMap();
  kept = 0;
}

function formsOf(resource: FhirResource): Forms {
  let found = forms.get(resource);
  if (!found) {
    if (kept >= MAX_POINTERS) forgetAllSerialised();
    forms.set(resource, (found = {}));
    kept += 1;
  }
  return found;
}

/** How many pointers have forms now, at most MAX_POINTERS (for tests). */
export function keptForms(): number {
  return kept;
}

export function jsonOf(resource: FhirResource): Buffer {
  const known = formsOf(resource);
  return (known.json ??= Buffer.from(JSON.stringify(resource)));
}

export function xmlOf(resource: FhirResource, write: (resource: FhirResource) => string): string {
  const known = formsOf(resource);
  return (known.xml ??= write(resource));
}
