// The JSON and XML of stored pointers, kept while the pointer is unchanged: search results serve the same
// pointers again and again. The store forgets a pointer's forms whenever it changes one, and all of them
// when json-server (the _admin router) may have changed any, so a form is never stale.
import type { FhirResource } from '../../src/domain/stu3-xml.ts';

interface Forms {
  /** As bytes: a searchset is then assembled without encoding its entries again. */
  json?: Buffer;
  xml?: string;
}

let forms = new WeakMap<object, Forms>();

export function forgetSerialised(pointer: object): void {
  forms.delete(pointer);
}

export function forgetAllSerialised(): void {
  forms = new WeakMap();
}

function formsOf(resource: FhirResource): Forms {
  let found = forms.get(resource);
  if (!found) forms.set(resource, (found = {}));
  return found;
}

export function jsonOf(resource: FhirResource): Buffer {
  const known = formsOf(resource);
  return (known.json ??= Buffer.from(JSON.stringify(resource)));
}

export function xmlOf(resource: FhirResource, write: (resource: FhirResource) => string): string {
  const known = formsOf(resource);
  return (known.xml ??= write(resource));
}
