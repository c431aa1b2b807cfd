// The mock's only state is json-server's lowdb database: collection `DocumentReference` (the pointers)
// and `knownPatients` (NHS numbers with a Spine Clinicals record, AMB-40). This class keeps in-memory
// indexes over it so that a lookup costs the same with 100 or 100,000 pointers, and applies every change
// as a transaction: synchronous in memory (so the duplicate check and supersede are atomic under
// concurrent requests), then durable, or undone.
import lowdb from 'lowdb';
import type { StoredPointer } from '../../src/domain/pointer.ts';
import { nhsNumberOf } from '../../src/domain/pointer.ts';
import { inMemory, type Persistence } from './persistence.ts';
import { shareParts } from './shared-parts.ts';
import type { StoreState } from './store-state.ts';

/** The lowdb database json-server's router works on. */
export interface LowDb {
  getState(): StoreState;
  setState(state: StoreState): LowDb;
  write(): unknown;
}

/** The changes one interaction may make; each records how to undo itself. */
export interface Transaction {
  insert(pointer: StoredPointer): void;
  remove(pointer: StoredPointer): void;
  /** Replaces the stored pointer's content in place (same object), e.g. status and meta on supersede. */
  update(pointer: StoredPointer, change: Partial<StoredPointer>): void;
  markKnown(nhsNumber: string): void;
}

export class PersistenceFailure extends Error {}

/** Where a pointer sits in the DocumentReference array: a hidden property, cheaper than a Map entry. */
const POSITION = Symbol('position');
type Positioned = StoredPointer & { [POSITION]?: number };

/** When the store last changed a pointer in place (a number of `changes`): hidden like POSITION. */
const CHANGED = Symbol('changed');
type Stamped = StoredPointer & { [CHANGED]?: number };

/** Not enumerable: invisible to JSON, json-server, comparisons and clones. */
function placeAt(pointer: StoredPointer, at: number): void {
  Object.defineProperty(pointer, POSITION, { value: at, writable: true, enumerable: false, configurable: true });
}

/** A value that is one pointer, or (rarely) several. */
type OneOrMore = StoredPointer | StoredPointer[];
const asList = (entry: OneOrMore | undefined): StoredPointer[] =>
  entry === undefined ? [] : Array.isArray(entry) ? entry : [entry];

export class PointerStore {
  readonly db: LowDb;
  private byId = new Map<string, StoredPointer>();
  private byPatient = new Map<string, StoredPointer[]>();
  /** masterIdentifier value → the pointer(s) with that value (for any patient and system). */
  private byMasterIdentifier = new Map<string, OneOrMore>();
  private known = new Set<string>();
  private persistence: Persistence = inMemory;
  private externalWrite: Promise<void> = Promise.resolve();
  /** Counts in-place changes and reindexes, so that each gets a stamp no earlier one had. */
  private changes = 0;
  /** The stamp of the last reindex, after which any pointer may have been changed (by json-server). */
  private reindexedAt = 0;

  constructor(initial: StoreState) {
    // A custom lowdb adapter: json-server's own writes (the _admin router) reindex and persist.
    const adapter = {
      read: () => initial,
      write: () => this.afterExternalWrite(),
    };
    this.db = lowdb(adapter) as LowDb;
    this.reindex();
  }

  usePersistence(persistence: Persistence): void {
    this.persistence = persistence;
  }

  get state(): StoreState {
    return this.db.getState();
  }

  get size(): number {
    return this.state.DocumentReference.length;
  }

  findById(id: string): StoredPointer | undefined {
    return this.byId.get(id);
  }

  findForPatient(nhsNumber: string): readonly StoredPointer[] {
    return this.byPatient.get(nhsNumber) ?? [];
  }

  findByMasterIdentifier(nhsNumber: string, system: string, value: string): StoredPointer | undefined {
    return asList(this.byMasterIdentifier.get(value)).find(
      (pointer) => pointer.masterIdentifier?.system === system && nhsNumberOf(pointer) === nhsNumber,
    );
  }

  isKnownPatient(nhsNumber: string): boolean {
    return this.known.has(nhsNumber);
  }

  /**
   * A number that changes whenever the store may have changed this object's content in place (update,
   * its undo, any reindex), and never comes back: whatever was derived from the object under an older
   * stamp is stale. This is how the serialiser's kept forms know they are current.
   */
  stampOf(resource: object): number {
    return Math.max((resource as Stamped)[CHANGED] ?? 0, this.reindexedAt);
  }

  /** Replaces the whole state (reset to fixtures, or a state read from the db file). */
  replaceState(state: StoreState): Promise<void> {
    const previous = this.state;
    this.db.setState(state);
    this.reindex();
    return this.persistence.commit(() => {
      this.db.setState(previous);
      this.reindex();
    });
  }

  /**
   * Runs `work` synchronously, so no other request sees a half-made change, then waits until the change
   * is durable. If `work` throws, or persisting fails, every change it made is undone.
   */
  async transact<T>(work: (tx: Transaction) => T, options: { failPersistence?: boolean } = {}): Promise<T> {
    const undo: (() => void)[] = [];
    const undoAll = () => {
      for (const step of undo.reverse()) step();
      undo.length = 0;
    };
    const tx: Transaction = {
      insert: (pointer) => {
        this.insertPointer(pointer);
        undo.push(() => this.removePointer(pointer));
      },
      remove: (pointer) => {
        this.removePointer(pointer);
        undo.push(() => this.insertPointer(pointer));
      },
      update: (pointer, change) => {
        const before = structuredClone(pointer);
        this.unindex(pointer);
        Object.assign(pointer, change);
        this.stamp(pointer);
        this.index(pointer);
        undo.push(() => {
          this.unindex(pointer);
          for (const key of Object.keys(pointer)) delete pointer[key];
          Object.assign(pointer, before);
          this.stamp(pointer);
          this.index(pointer);
        });
      },
      markKnown: (nhsNumber) => {
        if (this.known.has(nhsNumber)) return;
        this.known.add(nhsNumber);
        this.state.knownPatients.push({ id: nhsNumber });
        undo.push(() => {
          this.known.delete(nhsNumber);
          const list = this.state.knownPatients;
          list.splice(
            list.findIndex((patient) => patient.id === nhsNumber),
            1,
          );
        });
      },
    };
    let result: T;
    try {
      result = work(tx);
    } catch (error) {
      undoAll();
      throw error;
    }
    if (undo.length === 0) return result;
    if (options.failPersistence) {
      // AMB-39 fault injection: the same rollback as a failed write.
      undoAll();
      throw new PersistenceFailure('persistence failure injected by the configured masterIdentifier');
    }
    await this.persistence.commit(undoAll);
    return result;
  }

  /** Rebuilds every index from the lowdb state (start-up, reset, and after _admin writes). */
  reindex(): void {
    this.reindexedAt = ++this.changes;
    this.byId.clear();
    this.byPatient.clear();
    this.byMasterIdentifier.clear();
    this.known.clear();
    const state = this.state;
    state.DocumentReference ??= [];
    state.knownPatients ??= [];
    state.DocumentReference.forEach((pointer, at) => {
      shareParts(pointer);
      placeAt(pointer, at);
      this.index(pointer);
    });
    for (const patient of state.knownPatients) this.known.add(patient.id);
    // AMB-40: a patient with a pointer has a Spine Clinicals record, however the pointer got here.
    for (const pointer of state.DocumentReference) {
      const nhsNumber = nhsNumberOf(pointer);
      if (nhsNumber && !this.known.has(nhsNumber)) {
        this.known.add(nhsNumber);
        state.knownPatients.push({ id: nhsNumber });
      }
    }
  }

  /**
   * json-server wrote to the state itself (the `_admin` router). Its change has no undo of its own: if
   * it cannot be made durable, the store goes back to the state last written to the file.
   */
  private afterExternalWrite(): Promise<void> {
    this.reindex();
    this.externalWrite = this.persistence.commit(() => {
      const durable = this.persistence.readDurable?.() as StoreState | undefined;
      if (durable) {
        this.db.setState(durable);
        this.reindex();
      }
    });
    return this.externalWrite.catch(() => undefined);
  }

  /** Resolves once the latest `_admin` write is durable; rejects if it was undone. */
  externalWriteSettled(): Promise<void> {
    return this.externalWrite;
  }

  private stamp(pointer: StoredPointer): void {
    const stamp = ++this.changes;
    Object.defineProperty(pointer, CHANGED, { value: stamp, writable: true, enumerable: false, configurable: true });
  }

  private insertPointer(pointer: StoredPointer): void {
    const list = this.state.DocumentReference;
    shareParts(pointer);
    placeAt(pointer, list.length);
    list.push(pointer);
    this.index(pointer);
  }

  /** Swap-remove: order in the collection is not meaningful (NRLS-SEARCH-030), cost is O(1). */
  private removePointer(pointer: StoredPointer): void {
    const list = this.state.DocumentReference;
    const at = (pointer as Positioned)[POSITION];
    if (at === undefined || list[at] !== pointer) return;
    const last = list.pop()! as Positioned;
    if (last !== pointer) {
      list[at] = last;
      placeAt(last, at);
    }
    delete (pointer as Positioned)[POSITION];
    this.unindex(pointer);
  }

  private index(pointer: StoredPointer): void {
    if (typeof pointer.id === 'string') this.byId.set(pointer.id, pointer);
    const nhsNumber = nhsNumberOf(pointer);
    if (!nhsNumber) return;
    const forPatient = this.byPatient.get(nhsNumber);
    if (forPatient) forPatient.push(pointer);
    else this.byPatient.set(nhsNumber, [pointer]);
    const value = pointer.masterIdentifier?.value;
    if (typeof value === 'string') {
      const entry = this.byMasterIdentifier.get(value);
      this.byMasterIdentifier.set(value, entry === undefined ? pointer : [...asList(entry), pointer]);
    }
  }

  private unindex(pointer: StoredPointer): void {
    if (this.byId.get(pointer.id) === pointer) this.byId.delete(pointer.id);
    const nhsNumber = nhsNumberOf(pointer);
    if (!nhsNumber) return;
    const forPatient = this.byPatient.get(nhsNumber);
    if (forPatient) {
      const at = forPatient.indexOf(pointer);
      if (at >= 0) forPatient.splice(at, 1);
      if (forPatient.length === 0) this.byPatient.delete(nhsNumber);
    }
    const value = pointer.masterIdentifier?.value;
    if (typeof value !== 'string') return;
    const rest = asList(this.byMasterIdentifier.get(value)).filter((candidate) => candidate !== pointer);
    if (rest.length === 0) this.byMasterIdentifier.delete(value);
    else this.byMasterIdentifier.set(value, rest.length === 1 ? rest[0]! : rest);
  }
}
