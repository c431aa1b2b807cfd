// Crash safety: with --db FILE, kill -9 the mock while creates and supersedes stream in; restart it on
// the same file. The file must parse, every acknowledged change must be there, and no supersede may be
// half done (a replacement stored while what it replaced is still current, or the reverse).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readStateFile } from '../../../mock-server/store/store-file.ts';
import type { StoreState } from '../../../mock-server/store/store-state.ts';
import { nrlsHeaders } from '../../../src/domain/client-identity.ts';
import { generateNhsNumber } from '../../../src/domain/nhs-number.ts';
import { buildPointer, uniqueMasterIdentifier } from '../../../src/domain/pointer-builder.ts';
import type { Identifier } from '../../../src/domain/pointer.ts';
import { startMockProcess } from '../../support/cli.ts';

const PROVIDER = { asid: '200000000118', ods: 'MHT01' };
const headers = () => ({
  ...nrlsHeaders(PROVIDER, { spineAsid: '999999999999', access: 'write' }),
  'Content-Type': 'application/fhir+json',
  Accept: 'application/fhir+json',
});

interface Acknowledged {
  id: string;
  nhsNumber: string;
  master: Required<Identifier>;
  replaces?: string;
}

async function post(baseUrl: string, body: object): Promise<string | undefined> {
  try {
    const res = await fetch(`${baseUrl}/DocumentReference`, {
      method: 'POST',
      headers: headers(),
      body: JSON.stringify(body),
    });
    await res.arrayBuffer();
    return res.status === 201 ? new URL(res.headers.get('location')!).searchParams.get('_id')! : undefined;
  } catch {
    return undefined; // the process was killed mid-request: not acknowledged
  }
}

describe('crash safety of the db file', () => {
  it(
    'after kill -9 during creates and supersedes, every acknowledged ' +
      'change is on disk and no supersede is half done',
    async (t) => {
      const dir = mkdtempSync(join(tmpdir(), 'nrls-crash-'));
      t.after(() => rmSync(dir, { recursive: true, force: true }));
      const dbFile = join(dir, 'store.json');
      const first = await startMockProcess(t, ['--db', dbFile]);
      const acknowledged: Acknowledged[] = [];
      const current: Acknowledged[] = [];
      let killed = false;

      // Four writers: each creates a pointer, then supersedes its current pointers one after another.
      const writer = async (lane: number) => {
        for (let step = 0; !killed; step++) {
          const supersede = step % 3 !== 0 && current.length > 0;
          const old = supersede ? current.splice(Math.floor((lane * 7919 + step) % current.length), 1)[0]! : undefined;
          const nhsNumber = old?.nhsNumber ?? generateNhsNumber();
          const master = uniqueMasterIdentifier();
          const id = await post(
            first.baseUrl,
            buildPointer({ nhsNumber, custodian: PROVIDER.ods, masterIdentifier: master, replaces: old?.master }),
          );
          if (id) {
            const done = { id, nhsNumber, master, replaces: old?.id };
            acknowledged.push(done);
            current.push(done);
          } else if (old && !killed) {
            current.push(old);
          }
        }
      };
      const lanes = [0, 1, 2, 3].map(writer);
      // Kill once enough has been acknowledged, while the writers are still going.
      while (acknowledged.length < 120) await new Promise((resolve) => setImmediate(resolve));
      first.child.process.kill('SIGKILL');
      killed = true;
      await Promise.all(lanes);
      await first.child.exited;

      // The file parses as a store, and a new mock opens it.
      const state = (await readStateFile(dbFile)) as StoreState;
      assert.ok(Array.isArray(state.DocumentReference));
      const second = await startMockProcess(t, ['--db', dbFile]);
      assert.match(second.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);

      const byId = new Map(state.DocumentReference.map((pointer) => [pointer.id, pointer]));
      const replaced = new Set(acknowledged.filter((change) => change.replaces).map((change) => change.replaces!));
      // A supersede the kill cut off after its write but before its answer may be on disk: unacknowledged,
      // so either outcome is allowed, as long as it is whole (checked below).
      const replacedOnDisk = new Set(
        state.DocumentReference.flatMap((pointer) => pointer.relatesTo?.[0]?.target?.identifier?.value ?? []),
      );
      for (const change of acknowledged) {
        const stored = byId.get(change.id);
        assert.ok(stored, `acknowledged pointer ${change.id} is in the file`);
        if (replaced.has(change.id))
          assert.equal(stored.status, 'superseded', `acknowledged supersede of ${change.id} is on disk`);
        else if (!replacedOnDisk.has(change.master.value))
          assert.equal(stored.status, 'current', `${change.id}, never superseded, is current`);
      }
      // No half-done supersede, acknowledged or not: every stored replacement has superseded its target,
      // and every superseded pointer has a stored replacement.
      const masters = new Map(
        state.DocumentReference.map((pointer) => [
          `${pointer.subject?.reference} ${pointer.masterIdentifier?.value}`,
          pointer,
        ]),
      );
      const replacementsOf = new Set<string>();
      for (const pointer of state.DocumentReference) {
        const target = pointer.relatesTo?.[0]?.target?.identifier?.value;
        if (!target) continue;
        const old = masters.get(`${pointer.subject?.reference} ${target}`);
        assert.ok(old, `the pointer ${pointer.id} replaces one that is in the file`);
        assert.equal(old.status, 'superseded', `what ${pointer.id} replaced is superseded`);
        assert.equal(old.meta.versionId, '2');
        replacementsOf.add(old.id);
      }
      for (const pointer of state.DocumentReference) {
        if (pointer.status === 'superseded')
          assert.ok(replacementsOf.has(pointer.id), `superseded ${pointer.id} has its replacement in the file`);
      }
      assert.ok(
        acknowledged.length >= 120 && replacementsOf.size > 20,
        `${acknowledged.length} acknowledged, ${replacementsOf.size} supersedes`,
      );
    },
  );
});
