// Redaction for every output: bearer tokens (the claims stay readable, the token is marked redacted),
// cookies, PEM private keys, the userinfo of any URL, and every secret value the target profile named, in
// the forms a report may carry it (raw, JSON- or HTML-escaped, URL-encoded, base64, and these combined,
// as when an exchange's JSON sits in a Cucumber message inside cucumber.html). The mark names the secret,
// never its value.
import { decodeJwt } from '../domain/jwt.ts';
import type { Exchange } from './exchange.ts';

export interface Secret {
  name: string;
  value: string;
  /** Other literal forms it was written in, e.g. a URL's percent-encoded userinfo. */
  alsoAs?: string[];
}

export const REDACTED = '[REDACTED]';
export const secretMark = (name: string) => `[REDACTED secret ${name}]`;
export const USERINFO_MARK = '[REDACTED userinfo]';

const PRIVATE_KEY = /-----BEGIN ((?:RSA |EC |ENCRYPTED )?PRIVATE KEY)-----[\s\S]*?-----END \1-----/g;
/**
 * `scheme://user:password@`: credentials of any URL a target echoes (the harness sends none). Bounded,
 * so a hostile body cannot make it slow; greedy up to the authority's last @, as URL parsers read it.
 */
const URL_USERINFO = /(:\/\/)[^\s/?#\\"'<>[\]]{1,256}@/g;
const SENSITIVE_HEADERS = new Set(['cookie', 'set-cookie', 'proxy-authorization']);
/** Secrets this short would mark ordinary text as base64; the profile loader refuses short header secrets. */
const MIN_FUZZY_LENGTH = 4;

const escapeJson = (text: string) => JSON.stringify(text).slice(1, -1);
const escapeHtml = (text: string, apostrophe: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, apostrophe);
/** How a value may be encoded on the wire or in an attachment. */
function encodings(value: string): string[] {
  const uri = encodeURIComponent(value);
  const out = [
    value,
    uri,
    uri.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
    new URLSearchParams([['', value]]).toString().slice(1),
  ];
  if (value.length >= MIN_FUZZY_LENGTH) {
    const base64 = Buffer.from(value).toString('base64');
    out.push(base64, base64.replace(/=+$/, ''), Buffer.from(value).toString('base64url'));
  }
  return out;
}
/**
 * How a report file may escape text: JSON (once, or twice for an attachment in a message), HTML or XML, and
 * cucumber.html's `<` as \x3C.
 */
function escapings(text: string): string[] {
  const json = escapeJson(text);
  const twice = escapeJson(json);
  return [
    text,
    json,
    twice,
    ...[text, json].flatMap((t) => ["'", '&#39;', '&#x27;', '&apos;'].map((apostrophe) => escapeHtml(t, apostrophe))),
    ...[json, twice].map((t) => t.replace(/</g, '\\x3C')),
  ];
}

const formsOf = new Map<string, string[]>();
/** Longest first, so that a form containing another is replaced whole; kept, since a run redacts thousands of texts. */
function forms(secret: Secret): string[] {
  const literal = [secret.value, ...(secret.alsoAs ?? [])].filter((value) => value !== '');
  const key = JSON.stringify(literal);
  let found = formsOf.get(key);
  if (!found) {
    found = [
      ...new Set(
        literal
          .flatMap(encodings)
          .flatMap(escapings)
          .filter((variant) => variant.length > 0),
      ),
    ].sort((a, b) => b.length - a.length);
    if (formsOf.size >= 256) formsOf.clear(); // each request's token is a secret too, and fresh (NRLS-JWT-006)
    formsOf.set(key, found);
  }
  return found;
}

/** Replaces every secret (in every form), every PEM private key and every URL's userinfo in a text. */
export function redactText(text: string, secrets: readonly Secret[]): string {
  let out = text.replace(PRIVATE_KEY, (_match, kind: string) => `[REDACTED ${kind}]`);
  for (const secret of secrets) {
    if (secret.value === '') continue;
    for (const form of forms(secret)) out = out.split(form).join(secretMark(secret.name));
  }
  // After the named secrets, so that a known one is shown by its name.
  return out.replace(URL_USERINFO, `$1${USERINFO_MARK}@`);
}

function redactDeep(value: unknown, secrets: readonly Secret[]): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, secrets));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item, secrets)]));
  }
  return value;
}

function redactHeaders(headers: Record<string, string>, secrets: readonly Secret[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'authorization') {
      const scheme = /^(\S+)\s/.exec(value)?.[1];
      out[name] = scheme ? `${scheme} ${REDACTED}` : REDACTED;
    } else if (SENSITIVE_HEADERS.has(lower)) out[name] = REDACTED;
    else out[name] = redactText(value, secrets);
  }
  return out;
}

/** An exchange fit for a report: token replaced by its (redacted) claims, secrets marked everywhere. */
export function redactExchange(exchange: Exchange, secrets: readonly Secret[]): Exchange {
  const authorization = Object.entries(exchange.request.headers).find(
    ([name]) => name.toLowerCase() === 'authorization',
  )?.[1];
  const token = authorization?.replace(/^\S+\s+/, '');
  const decoded = token ? decodeJwt(token) : undefined;
  const claims =
    decoded?.payload && typeof decoded.payload === 'object' ? (decoded.payload as Record<string, unknown>) : undefined;
  // The raw token must not survive anywhere else either (a target may echo it back).
  const all =
    token && token.length >= MIN_FUZZY_LENGTH ? [...secrets, { name: 'Authorization token', value: token }] : secrets;
  return {
    ...exchange,
    purpose: redactText(exchange.purpose, all),
    request: {
      ...exchange.request,
      url: redactText(exchange.request.url, all),
      headers: redactHeaders(exchange.request.headers, all),
      body: exchange.request.body === undefined ? undefined : redactText(exchange.request.body, all),
      jwtClaims: claims ? (redactDeep(claims, all) as Record<string, unknown>) : exchange.request.jwtClaims,
    },
    response: exchange.response && {
      ...exchange.response,
      headers: redactHeaders(exchange.response.headers, all),
      body: redactText(exchange.response.body, all),
    },
    error:
      exchange.error === undefined
        ? undefined
        : { ...exchange.error, message: redactText(exchange.error.message, all) },
  };
}
