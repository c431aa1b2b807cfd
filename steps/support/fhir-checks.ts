// Reads a response body as FHIR (JSON, or STU3 XML through the `fhir` package, strictly), so JSON and XML
// scenarios share every check, and validates its shape with ajv.
import { Ajv, type ValidateFunction } from 'ajv';
import { RESPONSE_CONTENT_TYPE } from '../../src/domain/fhir-format.ts';
import { readFhirXml, type FhirResource } from '../../src/domain/stu3-xml.ts';
import type { Exchange } from '../../src/report/exchange.ts';
import { ConformanceFailure } from './failures.ts';
import { BUNDLE_SCHEMA, OPERATION_OUTCOME_SCHEMA, RETURNED_POINTER_SCHEMA } from './schemas.ts';

type Answered = Exchange & { response: NonNullable<Exchange['response']> };

export function describeExchange(exchange: Exchange): string {
  const status = exchange.response ? `${exchange.response.status}` : 'no response';
  return `${exchange.request.method} ${exchange.request.url} → ${status}`;
}

export function fail(exchange: Exchange, expected: string, actual: string): never {
  throw new ConformanceFailure(`expected ${expected}\n  actual ${actual}\n  exchange: ${describeExchange(exchange)}`);
}

/** The response's FHIR format from its Content-Type, or undefined when it claims neither. */
export function formatOfResponse(exchange: Answered): 'json' | 'xml' | undefined {
  const type = (exchange.response.headers['content-type'] ?? '').toLowerCase();
  if (/^application\/(fhir\+json|json\+fhir|json)\b/.test(type)) return 'json';
  if (/^application\/(fhir\+xml|xml\+fhir|xml)\b/.test(type)) return 'xml';
  return undefined;
}

/**
 * What a response says, in a line: the Spine code and diagnostics of an OperationOutcome, the total of a
 * Bundle, or the start of anything else.
 */
export function summariseResponse(exchange: Answered): string {
  const head = `HTTP ${exchange.response.status}`;
  try {
    const resource = readResource(exchange) as FhirResource & {
      issue?: { code?: string; details?: { coding?: { code?: string }[] }; diagnostics?: string }[];
      total?: number;
    };
    if (resource.resourceType === 'OperationOutcome') {
      const issue = resource.issue?.[0];
      const code = issue?.details?.coding?.[0]?.code ?? `issue ${issue?.code ?? '?'}`;
      return `${head} ${code}${issue?.diagnostics ? ` "${issue.diagnostics}"` : ''}`;
    }
    if (resource.resourceType === 'Bundle') return `${head} Bundle of ${resource.total} pointers`;
    return `${head} ${resource.resourceType}`;
  } catch {
    return `${head} with body ${JSON.stringify(exchange.response.body.slice(0, 200))}`;
  }
}

export function readResource(exchange: Answered): FhirResource {
  const format = formatOfResponse(exchange);
  const body = exchange.response.body;
  if (format === 'json') {
    try {
      const parsed = JSON.parse(body) as FhirResource;
      if (!parsed || typeof parsed.resourceType !== 'string') fail(exchange, 'a FHIR resource', 'JSON without resourceType');
      return parsed;
    } catch (error) {
      if (error instanceof ConformanceFailure) throw error;
      fail(exchange, 'a FHIR JSON body', `unparseable JSON: ${(error as Error).message}; body starts ${JSON.stringify(body.slice(0, 120))}`);
    }
  }
  if (format === 'xml') {
    const read = readFhirXml(body);
    if (!read.ok) fail(exchange, 'FHIR STU3 XML', `${read.reason}; body starts ${JSON.stringify(body.slice(0, 120))}`);
    return read.resource;
  }
  return fail(
    exchange,
    `a FHIR body (${Object.values(RESPONSE_CONTENT_TYPE).join(' or ')})`,
    `Content-Type ${JSON.stringify(exchange.response.headers['content-type'] ?? '(none)')}, body starts ${JSON.stringify(body.slice(0, 120))}`,
  );
}

const ajv = new Ajv({ allErrors: false, strict: false });
const validators: Record<string, ValidateFunction> = {
  OperationOutcome: ajv.compile(OPERATION_OUTCOME_SCHEMA),
  Bundle: ajv.compile(BUNDLE_SCHEMA),
  DocumentReference: ajv.compile(RETURNED_POINTER_SCHEMA),
};

/** Checks the resource type and shape against the schema for it. */
export function expectShape(exchange: Answered, resource: FhirResource, resourceType: keyof typeof validators): void {
  if (resource.resourceType !== resourceType) fail(exchange, `a ${resourceType}`, `a ${resource.resourceType}`);
  const validate = validators[resourceType]!;
  if (!validate(resource)) {
    const error = validate.errors![0]!;
    const where = error.instancePath.replace(/^\//, '').replace(/\//g, '.') || resourceType;
    fail(exchange, `a ${resourceType} of the NRLS shape`, `${where} ${error.message}${error.params && 'additionalProperty' in error.params ? ` (${error.params.additionalProperty})` : ''}`);
  }
}
