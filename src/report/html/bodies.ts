// Bodies shown once per page. The suite sends the same pointer and receives the same bundles again and
// again (a fault that blocks 150 scenarios repeats its create in each): a body already on the page is
// a link to its first copy instead (issue 13: a report that scales). Short bodies are cheaper than a link.

export interface PlacedBody {
  /** The element id of the body's first copy (absent for a short body, which is never shared). */
  id?: string;
  /** The body is already on the page, at `id`. */
  earlier: boolean;
}

export class Bodies {
  private readonly placed = new Map<string, string>();

  constructor(private readonly minLength = 400) {}

  /** `shownAs` tells apart bodies that read differently (a media type, a truncation). */
  place(body: string, shownAs: string): PlacedBody {
    if (body.length < this.minLength) return { earlier: false };
    const key = `${shownAs}\u0000${body}`;
    const existing = this.placed.get(key);
    if (existing) return { id: existing, earlier: true };
    const id = `body-${this.placed.size + 1}`;
    this.placed.set(key, id);
    return { id, earlier: false };
  }
}
