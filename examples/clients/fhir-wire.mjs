// The wire: one HTTP exchange with a time limit, STU3 XML out, and what a client needs to read from an
// answer (the OperationOutcome's Spine code and diagnostics, a searchset Bundle, the create's Location).
// Node's own http(s) module rather than fetch: it sends header names exactly as written (`fromASID`,
// NRLS-HDR-005) and allows what the body-on-get defect needs.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * Sends one request. Resolves with {status, headers, text} for any HTTP answer; rejects on a network error
 * or when no whole answer came within timeoutMs (undefined: wait for ever, the ignores-timeout defect).
 */
export function send({ method, url, headers, body, timeoutMs }) {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const sendWith = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const withLength = body === undefined ? headers : { ...headers, 'Content-Length': Buffer.byteLength(body) };
    const outgoing = sendWith(target, { method, headers: withLength }, (answer) => {
      const chunks = [];
      answer.on('data', (chunk) => chunks.push(chunk));
      answer.on('error', reject);
      answer.on('end', () => {
        clearTimeout(timer);
        resolve({ status: answer.statusCode, headers: answer.headers, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    outgoing.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    outgoing.end(body);
  });
}

const escapeXml = (text) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
const unescapeXml = (text) =>
  text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&amp;', '&');

/**
 * FHIR XML of a JSON resource: primitives as value attributes, arrays as repeated elements, in the JSON's
 * key order (which must be the STU3 element order: nrls-request.mjs builds the pointer so).
 */
export function resourceToXml(resource) {
  const { resourceType, ...elements } = resource;
  const element = (name, value) =>
    value !== null && typeof value === 'object'
      ? `<${name}>${children(value)}</${name}>`
      : `<${name} value="${escapeXml(String(value))}"/>`;
  const children = (object) =>
    Object.entries(object)
      .flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((item) => element(name, item)))
      .join('');
  return `<${resourceType} xmlns="http://hl7.org/fhir">${children(elements)}</${resourceType}>`;
}

const isJson = (answer) => /json/i.test(answer.headers['content-type'] ?? '');

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The first issue's Spine code and diagnostics (NRLS-OO-001), from JSON or XML; {} when there are none. */
export function readOutcome(answer) {
  if (isJson(answer)) {
    const issue = parseJson(answer.text)?.issue?.[0];
    return { spineCode: issue?.details?.coding?.[0]?.code, diagnostics: issue?.diagnostics };
  }
  if (!answer.text.includes('<OperationOutcome')) return {}; // e.g. the HTML of a 500 (NRLS-ERR-014, AMB-39)
  const details = /<details>[\s\S]*?<code value="([^"]*)"/.exec(answer.text);
  const diagnostics = /<diagnostics value="([^"]*)"/.exec(answer.text);
  return {
    spineCode: details ? unescapeXml(details[1]) : undefined,
    diagnostics: diagnostics ? unescapeXml(diagnostics[1]) : undefined,
  };
}

/**
 * A searchset Bundle's total and pointers (NRLS-SEARCH-013/014), or undefined when the answer is not one.
 * `total` is always present in NRLS results; the entries are counted when it is not.
 */
export function readSearchset(answer) {
  if (isJson(answer)) {
    const bundle = parseJson(answer.text);
    if (bundle?.resourceType !== 'Bundle' || bundle.type !== 'searchset') return undefined;
    const pointers = (bundle.entry ?? []).map(({ resource }) => ({
      id: resource?.id,
      status: resource?.status,
      url: resource?.content?.[0]?.attachment?.url,
    }));
    return { total: bundle.total ?? pointers.length, pointers };
  }
  if (!answer.text.includes('<Bundle') || !answer.text.includes('<type value="searchset"/>')) return undefined;
  const total = /<total value="(\d+)"\/>/.exec(answer.text);
  const entries = answer.text.match(/<entry>/g)?.length ?? 0;
  return { total: total ? Number(total[1]) : entries, pointers: [] };
}

/** NRLS-CREATE-007: the new pointer's logical id, from Location `…/DocumentReference?_id=[id]`. */
export function createdPointerId(answer, baseUrl) {
  const location = answer.headers.location;
  if (!location) return undefined;
  return new URL(location, baseUrl).searchParams.get('_id') ?? undefined;
}
