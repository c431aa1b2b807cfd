// PLACEHOLDER until the simulator triggers land (issue 12): the shape of fixtures/client-triggers.json
// as the mock's simulator layer and the client scenarios read it.

/** What the mock answers a request that carries the trigger value. */
export type TriggerOutcome =
  | { kind: 'spine-error'; status: number; spineCode: string }
  | { kind: 'empty-bundle' }
  | { kind: 'many-pointers'; count: number }
  | { kind: 'superseded-lineage'; length: number }
  | { kind: 'internal-error' }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'dropped-connection' };

export interface Trigger {
  /** Kebab-case id, e.g. `search-no-record-found`. */
  id: string;
  /** The interactions the value triggers on. */
  interactions: ('search' | 'create' | 'supersede' | 'delete')[];
  /** Matched against the NHS number of the subject (search, create, supersede, delete by master identifier). */
  nhsNumber?: string;
  /** Matched against `_id` (search or delete by logical id). */
  pointerId?: string;
  outcome: TriggerOutcome;
  /** The TKW trigger rows it derives from (T001…T089), [] for ours. */
  tkw: string[];
  /** How it differs from TKW, where it does. */
  note?: string;
}

export interface TriggerTable {
  version: string;
  triggers: Trigger[];
}
