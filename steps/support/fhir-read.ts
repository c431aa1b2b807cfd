// Reads a response body as FHIR (JSON, or STU3 XML through the `fhir` package, strictly), so JSON and
// XML scenarios share every check. Pure: what the body is, or why it is not FHIR; checks decide.
import { readFhirXml, type FhirResource } from '../../src/domain/stu3-xml.ts';
import type { Exchange } from '../../src/report/exchange.ts';
import type { WireFormat } from './formats.ts';

export type Answered = Exchange & { response: NonNullable<Exchange['response']> };

export function describeExchange(exchange: Exchange): string {
  const status = exchange.response ? `${exchange.response.status}` : 'no response';
  return `${exchange.request.method} ${exchange.request.url} → ${status}`;
}

/** The response's FHIR format from its Content-Type (any of the types NRLS-FMT-001..003 name), or undefined. */
export function formatOfResponse(exchange: Answered): WireFormat | undefined {
  const type = (exchange.response.headers['content-type'] ?? '').toLowerCase();
  if (/^(application\/(fhir\+json|json\+fhir|json)|text\/json)\b/.test(type)) return 'json';
  if (/^application\/(fhir\+xml|xml\+fhir|xml)\b/.test(type)) return 'xml';
  return undefined;
}

export type ReadBody =
  | { ok: true; resource: FhirResource; format: WireFormat }
  /** not-fhir: the Content-Type claims no FHIR format. unparseable: it claims one, and the body is not that. */
  | { ok: false; why: 'not-fhir' | 'unparseable'; detail: string };

const start = (body: string) => JSON.stringify(body.slice(0, 120));

export function readBody(exchange: Answered): ReadBody {
  const format = formatOfResponse(exchange);
  const body = exchange.response.body;
  if (format === 'json') {
    try {
      const parsed = JSON.parse(body) as FhirResource;
      if (!parsed || typeof parsed !== 'object' || typeof parsed.resourceType !== 'string')
        return { ok: false, why: 'unparseable', detail: `JSON without resourceType; body starts ${start(body)}` };
      return { ok: true, resource: parsed, format };
    } catch (error) {
      return {
        ok: false,
        why: 'unparseable',
        detail: `unparseable JSON: ${(error as Error).message}; body starts ${start(body)}`,
      };
    }
  }
  if (format === 'xml') {
    const read = readFhirXml(body);
    return read.ok
      ? { ok: true, resource: read.resource, format }
      : { ok: false, why: 'unparseable', detail: `${read.reason}; body starts ${start(body)}` };
  }
  return {
    ok: false,
    why: 'not-fhir',
    detail:
      `Content-Type ${JSON.stringify(exchange.response.headers['content-type'] ?? '(none)')}, body ` +
      `starts ${start(body)}`,
  };
}

/**
 * What a response says, in a line: the Spine code and diagnostics of an OperationOutcome, the total of a
 * Bundle, or the start of anything else.
 */
export function summariseResponse(exchange: Answered): string {
  const head = `HTTP ${exchange.response.status}`;
  const read = readBody(exchange);
  if (!read.ok) return `${head} with body ${start(exchange.response.body).slice(0, 202)}`;
  const resource = read.resource as FhirResource & {
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
}
