// JSON Schemas for what an NRLS 1.2.x endpoint returns (§1.7, §2.3, §3.1).

const text = { type: 'string', minLength: 1 };

/** NRLS-OO-001: one issue with severity, code, details.coding[0] and (where given) diagnostics. */
export const OPERATION_OUTCOME_SCHEMA = {
  type: 'object',
  required: ['resourceType', 'issue'],
  properties: {
    resourceType: { const: 'OperationOutcome' },
    id: text,
    meta: { type: 'object', properties: { profile: { type: 'array', items: text } } },
    issue: {
      type: 'array',
      minItems: 1,
      maxItems: 1,
      items: {
        type: 'object',
        required: ['severity', 'code'],
        properties: {
          severity: { enum: ['fatal', 'error', 'warning', 'information'] },
          code: text,
          details: {
            type: 'object',
            properties: {
              coding: {
                type: 'array', minItems: 1, maxItems: 1,
                items: { type: 'object', required: ['system', 'code', 'display'], properties: { system: text, code: text, display: text } },
              },
              text: { type: 'string' },
            },
          },
          diagnostics: { type: 'string' },
        },
      },
    },
  },
};

/** A pointer as search returns it: the profile's mandatory elements plus id and meta.versionId (NRLS-SEARCH-015). */
export const RETURNED_POINTER_SCHEMA = {
  type: 'object',
  required: ['resourceType', 'id', 'meta', 'status', 'type', 'subject', 'indexed', 'author', 'custodian', 'content'],
  properties: {
    resourceType: { const: 'DocumentReference' },
    id: text,
    meta: { type: 'object', required: ['versionId'], properties: { versionId: { type: 'string', pattern: '^[1-9][0-9]*$' } } },
    status: { enum: ['current', 'superseded', 'entered-in-error'] },
    type: { type: 'object', required: ['coding'], properties: { coding: { type: 'array', minItems: 1, maxItems: 1 } } },
    subject: { type: 'object', required: ['reference'] },
    author: { type: 'array', minItems: 1, maxItems: 1 },
    custodian: { type: 'object', required: ['reference'] },
    content: { type: 'array', minItems: 1 },
  },
};

/** NRLS-SEARCH-013/014: a searchset with id, type, total and entry.resource only: no links, fullUrl or search mode. */
export const BUNDLE_SCHEMA = {
  type: 'object',
  required: ['resourceType', 'id', 'type', 'total'],
  properties: {
    resourceType: { const: 'Bundle' },
    id: text,
    type: { const: 'searchset' },
    total: { type: 'integer', minimum: 0 },
    link: false,
    entry: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['resource'],
        additionalProperties: false,
        properties: { resource: RETURNED_POINTER_SCHEMA },
      },
    },
  },
};
