// Redaction for every output: bearer tokens (the claims stay readable, the token is marked redacted),
// cookies, PEM private keys, and every secret value the target profile named, in the forms a report may
// carry it (raw, JSON- or HTML-escaped, URL-encoded, base64). The mark names the secret, never its value.
import { decodeJwt } from '../domain/jwt.ts';
import type { Exchange } from './exchange.ts';

export interface Secret {
  name: string;
  value: string;
}

export const REDACTED = '[REDACTED]';
export const secretMark = (name: string) => `[REDACTED secret ${name}]`;

const PRIVATE_KEY = /-----BEGIN ((?:RSA |EC |ENCRYPTED )?PRIVATE KEY)-----[\s\S]*?-----END \1-----/g;
const SENSITIVE_HEADERS = new Set(['cookie', 'set-cookie', 'proxy-authorization']);
/** Secrets this short would mark ordinary text; the profile loader refuses nothing, so they are matched whole only. */
const MIN_FUZZY_LENGTH = 4;

function forms(value: string): string[] {
  const json = JSON.stringify(value).slice(1, -1);
  const html = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const variants = [value, json, html, JSON.stringify(json).slice(1, -1), encodeURIComponent(value)];
  if (value.length >= MIN_FUZZY_LENGTH) {
    variants.push(Buffer.from(value).toString('base64'), Buffer.from(value).toString('base64url'));
  }
  return [...new Set(variants.filter((variant) => variant.length > 0))].sort((a, b) => b.length - a.length);
}

/** Replaces every secret (in every form) and every PEM private key in a text. */
export function redactText(text: string, secrets: readonly Secret[]): string {
  let out = text.replace(PRIVATE_KEY, (_match, kind: string) => `[REDACTED ${kind}]`);
  for (const secret of secrets) {
    if (secret.value === '') continue;
    for (const form of forms(secret.value)) out = out.split(form).join(secretMark(secret.name));
  }
  return out;
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
  const authorization = Object.entries(exchange.request.headers).find(([name]) => name.toLowerCase() === 'authorization')?.[1];
  const token = authorization?.replace(/^\S+\s+/, '');
  const decoded = token ? decodeJwt(token) : undefined;
  const claims = decoded && decoded.payload && typeof decoded.payload === 'object' ? (decoded.payload as Record<string, unknown>) : undefined;
  // The raw token must not survive anywhere else either (a target may echo it back).
  const all = token && token.length >= MIN_FUZZY_LENGTH ? [...secrets, { name: 'Authorization token', value: token }] : secrets;
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
    error: exchange.error === undefined ? undefined : { ...exchange.error, message: redactText(exchange.error.message, all) },
  };
}
