// Faults of content negotiation (§1.5): FORMAT_RULES (pipeline/negotiate.ts), the negotiation stage,
// and the format, Content-Type and bytes of the answer at the HTTP boundary.
import { RESPONSE_CONTENT_TYPE } from '../../src/domain/fhir-format.ts';
import { SPINE_OPERATION_OUTCOME_PROFILE } from '../../src/domain/identifiers.ts';
import { FHIR_NAMESPACE } from '../../src/domain/stu3-xml.ts';
import { SpineError } from '../errors/spine-error.ts';
import { preferredAccept } from '../pipeline/negotiate.ts';
import { editOutcome, format, replyFor, wire } from './answer.ts';
import { fault, rule, stage } from './fault.ts';

const DSTU2_TYPES = new Set(['application/xml+fhir', 'application/json+fhir']);
const GENERIC_TYPES = new Set(['application/xml', 'application/json', 'text/json']);

export const FORMAT_FAULTS = {
  'json-by-default': fault(
    'content-negotiation',
    ['NRLS-FMT-005', 'NRLS-FMT-007'],
    'with neither Accept nor _format the answer is JSON',
    rule('format', () => ({ defaultFormat: 'json' as const })),
  ),
  'accept-beats-format': fault(
    'content-negotiation',
    ['NRLS-FMT-004', 'NRLS-FMT-006', 'NRLS-SEARCH-024', 'NRLS-ERR-013'],
    'Accept wins over _format',
    stage('negotiate', (negotiate, rules) => (ctx) => {
      const accepted = ctx.query.has('_format') ? preferredAccept(ctx.request.headers.accept, rules.format) : undefined;
      if (!accepted) return negotiate(ctx);
      ctx.format = accepted.format;
      ctx.requestedMediaType = accepted.mediaType;
    }),
  ),
  'unsupported-format-ignored': fault(
    'content-negotiation',
    ['NRLS-FMT-006', 'NRLS-ERR-013', 'NRLS-SEARCH-024'],
    'an unsupported _format is ignored instead of 415',
    // The stage sets the format of its 415 before refusing: that is the format the fault answers in.
    stage('negotiate', (negotiate) => (ctx) => {
      try {
        negotiate(ctx);
      } catch (error) {
        if (!(error instanceof SpineError && error.key === 'UNSUPPORTED_MEDIA_TYPE')) throw error;
      }
    }),
  ),
  'dstu2-types-ignored': fault(
    'content-negotiation',
    ['NRLS-FMT-002'],
    'the DSTU2 media types are not recognised',
    rule('format', (base) => ({
      formatOfMediaType: (bare) => (DSTU2_TYPES.has(bare) ? undefined : base.formatOfMediaType(bare)),
    })),
  ),
  'generic-types-ignored': fault(
    'content-negotiation',
    ['NRLS-FMT-003'],
    'application/json, application/xml and text/json are not recognised',
    rule('format', (base) => ({
      formatOfMediaType: (bare) => (GENERIC_TYPES.has(bare) ? undefined : base.formatOfMediaType(bare)),
    })),
  ),
  'short-format-refused': fault(
    'content-negotiation',
    ['NRLS-FMT-008'],
    '_format=json and _format=xml get 415',
    rule('format', () => ({ shortForms: {} })),
  ),
  'alias-content-type-echoed': fault(
    'content-negotiation',
    ['NRLS-FMT-009', 'NRLS-FMT-008'],
    'the response Content-Type is the alias the client asked for',
    wire((written, _reply, ctx) =>
      ctx.requestedMediaType ? { ...written, contentType: `${ctx.requestedMediaType};charset=utf-8` } : written,
    ),
  ),
  'content-type-without-charset': fault(
    'content-negotiation',
    ['NRLS-FMT-009'],
    'the response Content-Type has no charset',
    wire((written) => ({ ...written, contentType: written.contentType.replace(/;charset=utf-8$/, '') })),
  ),
  'xml-wrong-namespace': fault(
    'content-negotiation',
    ['NRLS-FMT-001', 'NRLS-GEN-001'],
    'XML is served in the namespace http://hl7.org/fhir/STU3',
    wire((written) =>
      written.contentType.startsWith(RESPONSE_CONTENT_TYPE.xml.split(';')[0]!)
        ? {
            ...written,
            body: written.body.toString().replace(`xmlns="${FHIR_NAMESPACE}"`, `xmlns="${FHIR_NAMESPACE}/STU3"`),
          }
        : written,
    ),
  ),
  'errors-always-xml': fault(
    'content-negotiation',
    ['NRLS-FMT-011'],
    'error responses are XML whatever was asked for',
    format((reply, negotiated) => (reply.status >= 400 ? 'xml' : negotiated)),
  ),
  'unsupported-media-type-spine-profile': fault(
    'content-negotiation',
    ['NRLS-ERR-013', 'NRLS-OO-003'],
    'the 415 claims Spine-OperationOutcome-1',
    replyFor(['UNSUPPORTED_MEDIA_TYPE'], (reply) =>
      editOutcome(reply, (outcome) => {
        outcome.meta = { profile: [SPINE_OPERATION_OUTCOME_PROFILE] };
      }),
    ),
  ),
  'request-content-type-required': fault(
    'content-negotiation',
    ['NRLS-FMT-010'],
    'a body whose Content-Type is not a FHIR type is refused instead of sniffed',
    rule('parseBody', (base) => ({
      sniff: (_text, declared) => {
        throw base.unparsable(`Content-Type ${declared ?? '(none)'} is not a FHIR type`);
      },
    })),
  ),
};
