// Valid requests a step makes to prepare a scenario (Given) or to look at the target's state (Then), each
// judged for exactly what the step relies on: that the pointer was created and its id is known, that it
// was deleted, that a search answered with a searchset. What a setup step relies on is what it fails when
// the target lets it down; the scenario's own requirements are then blocked, not failed.
import type { Pointer } from '../../src/domain/pointer.ts';
import type { ActorRole } from '../../src/target/client-request.ts';
import { summariseResponse } from './fhir-read.ts';
import {
  judgeAnswered,
  judgeLocation,
  judgeRefusal,
  judgeSearchset,
  judgeSpineCode,
  pointersOf,
  type Searchset,
  type SearchsetPointer,
} from './outcome-checks.ts';
import { createRequest, deleteByIdRequest, searchRequest } from './requests.ts';
import type { NrlsWorld } from '../world.ts';

/** A create whose first relatesTo replaces another pointer is a supersede (NRLS-CREATE-022). */
export function isSupersede(pointer: Pointer | undefined): boolean {
  return pointer?.relatesTo?.[0]?.code === 'replaces';
}

/** What a create's Location proves: NRLS-CREATE-007, or for a supersede NRLS-SUPERSEDE-009 ("as for create"). */
export function locationAbout(pointer: Pointer | undefined): string[] {
  return isSupersede(pointer) ? ['NRLS-SUPERSEDE-009'] : ['NRLS-CREATE-007'];
}

/**
 * Creates `pointer` as `role` and answers its logical id: the create must succeed (about `about`, where a
 * rule other than the create's own rests on it) and name the id in its Location (always the Location's rule).
 */
export async function createValid(
  world: NrlsWorld,
  pointer: Pointer,
  role: ActorRole,
  purpose: string,
  about?: readonly string[],
): Promise<string> {
  const exchange = await world.sendValid(createRequest(pointer, 'json'), purpose, role);
  const accepted = about ?? (isSupersede(pointer) ? ['NRLS-SUPERSEDE-009'] : ['NRLS-CREATE-001']);
  let id = '';
  await world.judge(
    (j) => {
      const answered = judgeAnswered(j, exchange, accepted, world.target.timeoutMs);
      const status = answered.response.status;
      j.require(
        { name: 'created', about: accepted },
        status >= 200 && status < 300,
        'the pointer created (HTTP 2xx)',
        summariseResponse(answered),
      );
      id = judgeLocation(j, answered, locationAbout(pointer));
    },
    [exchange],
  );
  return id;
}

/** Deletes the pointer `id` as `role`: the delete must succeed (NRLS-DELETE-002). */
export async function deleteValid(world: NrlsWorld, id: string, role: ActorRole, purpose: string): Promise<void> {
  const exchange = await world.sendValid(deleteByIdRequest(id), purpose, role);
  await world.judge(
    (j) => {
      const answered = judgeAnswered(j, exchange, ['NRLS-DELETE-002'], world.target.timeoutMs);
      const status = answered.response.status;
      j.require(
        { name: 'deleted', about: ['NRLS-DELETE-002'] },
        status >= 200 && status < 300,
        'the pointer deleted (HTTP 2xx)',
        summariseResponse(answered),
      );
    },
    [exchange],
  );
}

/**
 * A look at the target's state inside a Then step: a valid search by the consumer (search is the
 * consumer's interaction, NRLS-AUTHZ-006), whose own correctness is about the search (`searchAbout`), so
 * that a search that misbehaves is not blamed on the rule being checked.
 */
export async function lookUp(
  world: NrlsWorld,
  query: [string, string][],
  purpose: string,
  searchAbout: readonly string[],
): Promise<Searchset> {
  const exchange = await world.sendValid(searchRequest(query), purpose, 'consumer');
  let bundle!: Searchset;
  await world.judge(
    (j) => {
      bundle = judgeSearchset(j, exchange, {
        about: searchAbout,
        tags: world.requirementTags,
        timeoutMs: world.target.timeoutMs,
      });
    },
    [exchange],
  );
  return bundle;
}

/**
 * A look for a patient who may have no pointers left: a searchset, or a 404 NO_RECORD_FOUND, which the spec
 * allows for a patient whose pointers were all deleted (NRLS-SEARCH-017: whether they stay known is AMB-53).
 */
export async function lookUpPatientOrNotFound(
  world: NrlsWorld,
  query: [string, string][],
  purpose: string,
  searchAbout: readonly string[],
): Promise<Searchset | 'not found'> {
  const exchange = await world.sendValid(searchRequest(query), purpose, 'consumer');
  let result!: Searchset | 'not found';
  await world.judge(
    (j) => {
      if (exchange.response?.status === 404) {
        const subject = { about: searchAbout, tags: world.requirementTags };
        const { answered, outcome } = judgeRefusal(j, exchange, {
          ...subject,
          negotiated: 'json',
          timeoutMs: world.target.timeoutMs,
        });
        judgeSpineCode(j, answered, outcome, ['NO_RECORD_FOUND'], subject);
        result = 'not found';
        return;
      }
      result = judgeSearchset(j, exchange, {
        about: searchAbout,
        tags: world.requirementTags,
        timeoutMs: world.target.timeoutMs,
      });
    },
    [exchange],
  );
  return result;
}

/** The pointer with logical id `id`, by an `_id` search (NRLS-SEARCH-007): exactly that pointer must come back. */
export async function findById(
  world: NrlsWorld,
  id: string,
  purpose: string,
  about: readonly string[] = ['NRLS-SEARCH-007'],
): Promise<SearchsetPointer> {
  const bundle = await lookUp(world, [['_id', id]], purpose, about);
  const pointers = pointersOf(bundle);
  let found!: SearchsetPointer;
  await world.judge((j) => {
    j.require(
      { name: 'the pointer by its id', about },
      bundle.total === 1 && pointers[0]?.id === id,
      `exactly the pointer ${id}`,
      `${bundle.total} pointers: ${pointers.map((p) => p.id).join(', ')}`,
    );
    found = pointers[0]!;
  });
  return found;
}
