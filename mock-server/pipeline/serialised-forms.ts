// The JSON and XML of stored pointers, kept while the pointer is unchanged: search results serve the same
// pointers again and again. Each app keeps its own (serialise.ts, createSerialiser), never shared between
// stores. A form is kept with the store's stamp of the pointer when it was made (PointerStore.stampOf)
// and served only while the stamp is the same: the store changes the stamp whenever it changes a pointer
// in place (supersede, an undone change, any _admin write or reset), so a form is never stale. A deleted
// pointer is no longer in any search result, so its forms are never asked for again.
// The forms of at most `maxPointers` pointers are kept (about 4 KB each), so memory stays bounded however
// many pointers a store of a million has served: past the cap every form is dropped and the cache fills
// again from what is asked.
import type { FhirResource } from '../../src/domain/stu3-xml.ts';

export const MAX_POINTERS = 20_000;

/** What the forms need of the store: a number that changes whenever a pointer's content may have. */
export interface ChangeStamps {
  stampOf(resource: object): number;
}

interface Forms {
  /** The pointer's stamp when these forms were made. */
  stamp: number;
  /** As bytes: a searchset is then assembled without encoding its entries again. */
  json?: Buffer;
  xml?: string;
}

export class SerialisedForms {
  private forms = new WeakMap<object, Forms>();
  /** Pointers given forms since the cache was last emptied (some may since have gone). */
  private kept = 0;

  constructor(
    private readonly stamps: ChangeStamps,
    readonly maxPointers = MAX_POINTERS,
  ) {}

  /** How many pointers have forms now, at most `maxPointers`. */
  get size(): number {
    return this.kept;
  }

  jsonOf(resource: FhirResource): Buffer {
    const known = this.formsOf(resource);
    known.json ??= Buffer.from(JSON.stringify(resource));
    return known.json;
  }

  xmlOf(resource: FhirResource, write: (resource: FhirResource) => string): string {
    const known = this.formsOf(resource);
    known.xml ??= write(resource);
    return known.xml;
  }

  private formsOf(resource: FhirResource): Forms {
    const stamp = this.stamps.stampOf(resource);
    const found = this.forms.get(resource);
    if (found?.stamp === stamp) return found;
    if (!found) {
      if (this.kept >= this.maxPointers) this.forms = new WeakMap();
      this.kept = this.kept >= this.maxPointers ? 1 : this.kept + 1;
    }
    const fresh: Forms = { stamp };
    this.forms.set(resource, fresh);
    return fresh;
  }
}
