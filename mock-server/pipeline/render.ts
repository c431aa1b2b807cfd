// Turns an interaction's result, or a SpineError, into the FHIR resource, status and headers to send
// (NRLS-CREATE-006/007, NRLS-DELETE-007, NRLS-SEARCH-013/014, §1.7). Builds resources; writes no bytes.
import type { StoredPointer } from '../../src/domain/pointer.ts';
import { SPINE_OPERATION_OUTCOME_PROFILE } from '../../src/domain/identifiers.ts';
import type { FhirResource } from '../../src/domain/stu3-xml.ts';
import type { InteractionResult, RequestContext } from '../context.ts';
import { OUTCOMES, type ErrorKey, type OutcomeKey } from '../errors/catalogue.ts';
import { diagnostics } from '../errors/diagnostics.ts';
import type { SpineError } from '../errors/spine-error.ts';
import { NO_FAULTS, type Faults } from '../faults.ts';
import { newLogicalId } from '../interactions/ids.ts';
import { COLLECTION_PATH } from './route.ts';

export interface RenderedReply {
  status: number;
  /** Absent for a reply with no body. */
  resource?: FhirResource;
  headers: Record<string, string>;
  /** The Spine code, for the log line. */
  spineCode?: string;
}

/** The single-issue OperationOutcome of NRLS-OO-001..006 for one row of the table. */
export function operationOutcome(key: OutcomeKey, text: string, messageId: string, location?: string, faults: Faults = NO_FAULTS): FhirResource {
  const spec = OUTCOMES[key];
  const issue: Record<string, unknown> = { severity: spec.severity, code: issueCode(key, faults) };
  if ('spine' in spec) {
    const system = faults.on('outcome-wrong-code-system') ? spec.spine.system.replace('/CodeSystem/', '/ValueSet/') : spec.spine.system;
    const details: Record<string, unknown> = { coding: [{ system, code: spec.spine.code, display: spec.spine.display }] };
    // NRLS-OO-005: success outcomes carry the Spine message id as details.text.
    if (spec.severity === 'information' && !faults.on('created-without-message-id')) details.text = messageId;
    issue.details = details;
  }
  issue.diagnostics = text;
  if (location) issue.location = [location];
  const outcome: FhirResource = { resourceType: 'OperationOutcome' };
  if (!faults.on('outcome-without-id')) outcome.id = newLogicalId();
  const profile = profileOf(key, faults);
  if (profile) outcome.meta = { profile: [profile] };
  outcome.issue = faults.on('outcome-two-issues') ? [issue, { severity: 'information', code: 'informational', diagnostics: 'NRLS mock' }] : [issue];
  return outcome;
}

function issueCode(key: OutcomeKey, faults: Faults): string {
  if (key === 'MISSING_OR_INVALID_HEADER' && faults.on('header-errors-issue-structure')) return 'structure';
  if (key === 'INVALID_JWT' && faults.on('jwt-errors-issue-invalid')) return 'invalid';
  if (key === 'INVALID_RESOURCE' && faults.on('invalid-resource-issue-structure')) return 'structure';
  return OUTCOMES[key].issue;
}

function profileOf(key: OutcomeKey, faults: Faults): string | undefined {
  const spec = OUTCOMES[key];
  if (!('profile' in spec)) return undefined;
  if (key === 'UNSUPPORTED_MEDIA_TYPE' && faults.on('unsupported-media-type-spine-profile')) return SPINE_OPERATION_OUTCOME_PROFILE;
  if (spec.severity === 'error' && faults.on('outcome-without-profile')) return undefined;
  return spec.profile;
}

/** NRLS-SEARCH-014: id, type, total and entry.resource; no self link, fullUrl or search mode. */
export function searchsetBundle(ctx: RequestContext, pointers: readonly StoredPointer[], countOnly: boolean): FhirResource {
  const { faults } = ctx.config;
  const bundle: FhirResource = { resourceType: 'Bundle', id: newLogicalId(), type: 'searchset', total: pointers.length };
  if (faults.on('bundle-self-link')) bundle.link = [{ relation: 'self', url: ctx.requestUrl }];
  if (!countOnly && pointers.length > 0) {
    bundle.entry = pointers.map((pointer) => {
      const resource = faults.on('search-version-omitted') ? { ...pointer, meta: { ...pointer.meta, versionId: undefined } } : pointer;
      return faults.on('bundle-full-url') ? { fullUrl: `${ctx.serviceBase}${COLLECTION_PATH}/${pointer.id}`, resource } : { resource };
    });
  }
  return bundle;
}

export function renderResult(ctx: RequestContext, result: InteractionResult): RenderedReply {
  const { faults } = ctx.config;
  switch (result.kind) {
    case 'searchset':
      return { status: 200, resource: searchsetBundle(ctx, result.pointers, result.countOnly), headers: {} };
    case 'created': {
      // NRLS-CREATE-007 (AMB-52): the `?_id=` form, not `/DocumentReference/[id]`.
      const location = faults.on('location-path-form')
        ? `${ctx.serviceBase}${COLLECTION_PATH}/${encodeURIComponent(result.id)}`
        : `${ctx.serviceBase}${COLLECTION_PATH}?_id=${encodeURIComponent(result.id)}`;
      return {
        status: faults.on('create-answers-200') ? 200 : OUTCOMES.RESOURCE_CREATED.status,
        resource: operationOutcome('RESOURCE_CREATED', diagnostics.created(), ctx.messageId, undefined, faults),
        headers: { Location: location },
        spineCode: 'RESOURCE_CREATED',
      };
    }
    case 'deleted':
      if (faults.on('delete-answers-204')) return { status: 204, headers: {}, spineCode: 'RESOURCE_DELETED' };
      return {
        status: OUTCOMES.RESOURCE_DELETED.status,
        // NRLS-DELETE-011 (AMB-37): the request URL as received.
        resource: operationOutcome('RESOURCE_DELETED', diagnostics.deleted(ctx.requestUrl), ctx.messageId, undefined, faults),
        headers: {},
        spineCode: 'RESOURCE_DELETED',
      };
    case 'resource':
      return { status: 200, resource: result.resource, headers: {} };
  }
}

/** Faults that answer an error with another row of the table. */
function faultyKey(key: ErrorKey, faults: Faults): ErrorKey {
  if ((key === 'METHOD_NOT_ALLOWED' || key === 'UNKNOWN_PATH') && faults.on('unsupported-as-400')) return 'INVALID_REQUEST_MESSAGE';
  return key;
}

export function renderError(error: SpineError, messageId: string, faults: Faults = NO_FAULTS): RenderedReply {
  const key = faultyKey(error.key, faults);
  const spec = OUTCOMES[key];
  let status: number = spec.status;
  if (key === 'ACCESS_DENIED' && faults.on('access-denied-as-400')) status = 400;
  if (key === 'ORGANISATION_NOT_FOUND' && faults.on('organisation-not-found-as-404')) status = 404;
  return {
    status,
    resource: operationOutcome(key, error.diagnostics, messageId, error.location, faults),
    headers: error.headers,
    spineCode: 'spine' in spec ? spec.spine.code : undefined,
  };
}
