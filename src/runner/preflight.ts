// Before any scenario: does the target answer as an NRLS for the profile's identities? A consumer search
// for the known patient, and a delete of an id that cannot exist by each provider (it changes nothing),
// must not be refused for who is asking. Where the line lies: only these make a run a configuration error
// (exit 2, naming the profile field): an answer that is not FHIR at the service base (an HTML page, or a
// FHIR "no such endpoint" without a Spine code), and a refusal of a valid request's identity (400
// MISSING_OR_INVALID_HEADER, 401, 403). Any other answer, wrong codes and server errors included, is the
// target's, and the scenarios judge it. The status and code decide; the diagnostics only help name the field.
import { randomUUID } from 'node:crypto';
import { sendRequest } from '../http/send.ts';
import type { Exchange } from '../report/exchange.ts';
import { clientRequest, PROFILE_FIELD, type ActorRole, type RequestShape } from '../target/client-request.ts';
import type { ResolvedTarget } from '../target/profile.ts';
import { patientUrl } from '../domain/identifiers.ts';
import { readFhirXml } from '../domain/stu3-xml.ts';

export type PreflightResult =
  | { ok: true; exchanges: Exchange[] }
  | { ok: false; unreachable: boolean; problem: string; exchanges: Exchange[] };

interface Outcome {
  resourceType?: string;
  issue?: { code?: string; details?: { coding?: { code?: string }[] }; diagnostics?: string }[];
}

function parsed(exchange: Exchange): Outcome | undefined {
  const type = (exchange.response?.headers['content-type'] ?? '').toLowerCase();
  const body = exchange.response?.body ?? '';
  if (/json/.test(type)) {
    try {
      return JSON.parse(body) as Outcome;
    } catch {
      return undefined;
    }
  }
  if (/xml/.test(type)) {
    const read = readFhirXml(body);
    return read.ok ? (read.resource as Outcome) : undefined;
  }
  return undefined;
}

/** The profile field a refusal of `role`'s identity points at; the diagnostics only refine which. */
function identityField(diagnostics: string, role: ActorRole): string {
  const field = PROFILE_FIELD[role];
  if (/toASID/i.test(diagnostics)) return 'spineAsid';
  if (/requesting_organi[sz]ation|ODS code/i.test(diagnostics)) return `${field}.ods`;
  if (/requesting_user|\bsub\b/.test(diagnostics)) return `${field}.user`;
  if (/fromASID|requesting_system|ASID/i.test(diagnostics)) return `${field}.asid`;
  return `${field} (asid, ods, user) or spineAsid`;
}

function judge(exchange: Exchange, role: ActorRole): string | undefined {
  const response = exchange.response!;
  const outcome = parsed(exchange);
  const issue = outcome?.issue?.[0];
  const code = issue?.details?.coding?.[0]?.code;
  const said =
    `HTTP ${response.status}${code ? ` ${code}` : ''}` +
    `${issue?.diagnostics ? ` "${issue.diagnostics.slice(0, 200)}"` : ''}`;
  const where = `${exchange.request.method} ${exchange.request.url}`;
  if (!outcome || typeof outcome.resourceType !== 'string') {
    return (
      `baseUrl: ${where} answered HTTP ${response.status} ` +
      `${JSON.stringify(response.headers['content-type'] ?? '(no Content-Type)')}, not FHIR: is baseUrl the NRLS ` +
      `service base?`
    );
  }
  if ((response.status === 404 || response.status === 405) && outcome.resourceType === 'OperationOutcome' && !code) {
    return (
      `baseUrl: ${where} answered ${said} with no Spine code (issue ${issue?.code ?? '?'}): the target has no ` +
      `DocumentReference endpoint there; is baseUrl the NRLS service base?`
    );
  }
  if (
    response.status === 401 ||
    response.status === 403 ||
    (response.status === 400 && code === 'MISSING_OR_INVALID_HEADER')
  ) {
    return (
      `${identityField(issue?.diagnostics ?? '', role)}: the target refused the ${role}'s identity: ${where} ` +
      `answered ${said}`
    );
  }
  return undefined;
}

export async function preflight(target: ResolvedTarget): Promise<PreflightResult> {
  const checks: [ActorRole, RequestShape, string][] = [
    [
      'consumer',
      {
        method: 'GET',
        path: '/DocumentReference',
        query: [['subject', patientUrl(target.patients.knownWithoutPointers)]],
      },
      'preflight: a consumer search for the known patient',
    ],
    ...(['provider', 'second provider'] as const).map((role): [ActorRole, RequestShape, string] => [
      role,
      { method: 'DELETE', path: '/DocumentReference', query: [['_id', `nrls-conformance-preflight-${randomUUID()}`]] },
      `preflight: a ${role} delete of an id no pointer has`,
    ]),
  ];
  const exchanges: Exchange[] = [];
  for (const [role, shape, purpose] of checks) {
    const exchange = await sendRequest(target, clientRequest(target, role, shape), purpose);
    exchanges.push(exchange);
    if (!exchange.response)
      return {
        ok: false,
        unreachable: true,
        problem: `${exchange.request.method} ${exchange.request.url}: ${exchange.error?.message ?? 'no response'}`,
        exchanges,
      };
    const problem = judge(exchange, role);
    if (problem) return { ok: false, unreachable: false, problem, exchanges };
  }
  return { ok: true, exchanges };
}
