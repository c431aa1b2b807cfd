import type { Fixtures } from '../fixtures.ts';
import type { StoreState } from './store-state.ts';

/** The state the fixtures describe: what a fresh mock holds and what `_admin/reset` restores. */
export function seedState(fixtures: Fixtures): StoreState {
  return {
    DocumentReference: structuredClone(fixtures.pointers),
    knownPatients: fixtures.knownPatients.map((id) => ({ id })),
  };
}
