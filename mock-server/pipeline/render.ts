// Turns an interaction's result, or a SpineError, into the FHIR resource, status and headers to send
// (NRLS-CREATE-006/007, NRLS-DELETE-007, NRLS-SEARCH-013/014, §1.7). Builds resources; writes no bytes.
import type { StoredPointer } from '../../src/domain/pointer.ts';
import type { FhirResource } from '../../src/domain/stu3-xml.ts';
import type { InteractionResult, RequestContext } from '../context.ts';
import { OUTCOMES, type OutcomeKey } from '../errors/catalogue.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import type { SpineError } from '../errors/spine-error.ts';
import type { IdSource } from '../interactions/ids.ts';
import { COLLECTION_PATH } from './route.ts';

export interface RenderedReply {
  status: number;
  /** Absent for a reply with no body. */
  resource?: FhirResource;
  headers: Record<string, string>;
  /** The row of the error table the reply answers with, if any. */
  key?: OutcomeKey;
  /** The Spine code, for the log line. */
  spineCode?: string;
}

/** The single-issue OperationOutcome of NRLS-OO-001..006 for one row of the table. */
export function operationOutcome(
  key: OutcomeKey,
  text: string,
  messageId: string,
  location: string | undefined,
  ids: IdSource,
): FhirResource {
  const spec = OUTCOMES[key];
  const issue: Record<string, unknown> = { severity: spec.severity, code: spec.issue };
  if ('spine' in spec) {
    const details: Record<string, unknown> = {
      coding: [{ system: spec.spine.system, code: spec.spine.code, display: spec.spine.display }],
    };
    // NRLS-OO-005: success outcomes carry the Spine message id as details.text.
    if (spec.severity === 'information') details.text = messageId;
    issue.details = details;
  }
  issue.diagnostics = text;
  if (location) issue.location = [location];
  // NRLS-OO-004: an id; NRLS-OO-003: the profile the row names.
  const outcome: FhirResource = { resourceType: 'OperationOutcome', id: ids.newLogicalId() };
  if ('profile' in spec) outcome.meta = { profile: [spec.profile] };
  outcome.issue = [issue]; // NRLS-OO-001
  return outcome;
}

/** NRLS-SEARCH-014: id, type, total and entry.resource; no self link, fullUrl or search mode. */
export function searchsetBundle(pointers: readonly StoredPointer[], countOnly: boolean, ids: IdSource): FhirResource {
  const bundle: FhirResource = {
    resourceType: 'Bundle',
    id: ids.newLogicalId(),
    type: 'searchset',
    total: pointers.length,
  };
  if (!countOnly && pointers.length > 0) bundle.entry = pointers.map((pointer) => ({ resource: pointer }));
  return bundle;
}

export function renderResult(ctx: RequestContext, result: InteractionResult, ids: IdSource): RenderedReply {
  switch (result.kind) {
    case 'searchset':
      return { status: 200, resource: searchsetBundle(result.pointers, result.countOnly, ids), headers: {} };
    case 'created':
      return {
        status: OUTCOMES.RESOURCE_CREATED.status,
        resource: operationOutcome('RESOURCE_CREATED', diagnostics.created(), ctx.messageId, undefined, ids),
        // NRLS-CREATE-007 (AMB-52): the `?_id=` form, not `/DocumentReference/[id]`.
        headers: { Location: `${ctx.serviceBase}${COLLECTION_PATH}?_id=${encodeURIComponent(result.id)}` },
        key: 'RESOURCE_CREATED',
        spineCode: 'RESOURCE_CREATED',
      };
    case 'deleted':
      return {
        status: OUTCOMES.RESOURCE_DELETED.status,
        // NRLS-DELETE-011 (AMB-37): the request URL as received.
        resource: operationOutcome(
          'RESOURCE_DELETED',
          diagnostics.deleted(ctx.requestUrl),
          ctx.messageId,
          undefined,
          ids,
        ),
        headers: {},
        key: 'RESOURCE_DELETED',
        spineCode: 'RESOURCE_DELETED',
      };
  }
}

export function renderError(error: SpineError, messageId: string, ids: IdSource): RenderedReply {
  const spec = OUTCOMES[error.key];
  return {
    status: spec.status,
    resource: operationOutcome(error.key, error.diagnostics, messageId, error.location, ids),
    headers: error.headers,
    key: error.key,
    spineCode: 'spine' in spec ? spec.spine.code : undefined,
  };
}
