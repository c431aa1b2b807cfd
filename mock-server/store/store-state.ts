// The store's data as json-server's lowdb holds it, and as the db file lays it out. In a module of its
// own so that the store, its persistence and the file layout share it without importing each other.
import type { StoredPointer } from '../../src/domain/pointer.ts';

export interface StoreState {
  DocumentReference: StoredPointer[];
  knownPatients: { id: string }[];
}
