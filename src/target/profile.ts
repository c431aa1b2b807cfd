// The target profile: which NRLS endpoint the suite judges and with which identities. A JSON file
// (comments allowed), validated by ajv with errors that name the field. Secret values (a user id, TLS
// key material) may come from environment variables or files; every extra header is a secret unless the
// profile marks it public, and so is any user:password in the baseUrl. They are resolved here and listed
// so that every report can redact them.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { isValidNhsNumber } from '../domain/nhs-number.ts';
import { stripJsonComments } from './jsonc.ts';

/** A value read from the environment or a file at run time, so it never sits in the profile. */
export type SecretSource = { env: string } | { file: string };
export type MaybeSecret = string | SecretSource;
/**
 * An extra header's value: a string, `{ value }`, `{ env }` or `{ file }`. It is a secret (redacted from
 * every report) unless marked `"public": true`: a header is how an API key or a gateway token is sent.
 */
export type HeaderValue = string | ((SecretSource | { value: string }) & { public?: boolean });

export interface IdentityProfile {
  asid: string;
  ods: string;
  /** requesting_user (and sub) for the JWT; mandatory for the consumer (NRLS-JWT-015). */
  user?: MaybeSecret;
}

export interface TargetProfileFile {
  name?: string;
  baseUrl: string;
  spineAsid: string;
  consumer: IdentityProfile & { user: MaybeSecret };
  provider: IdentityProfile;
  secondProvider: IdentityProfile;
  organisations?: { author?: string; unknown?: string };
  patients: { knownWithoutPointers: string; unknown: string; forNewPointers?: 'generate' | string[] };
  tls?: { cert?: string; key?: string; ca?: string };
  headers?: Record<string, HeaderValue>;
  timeoutMs?: number;
  recordTypes?: RecordTypeCoding[];
  /** The Ed25519 private key (PEM) that signs the run's evidence bundle: a file path, or `{ env }`/`{ file }`. */
  evidenceSigningKey?: string | SecretSource;
}

export interface RecordTypeCoding {
  system: string;
  code: string;
  display: string;
}

/** NRLS-RecordType-1 in 1.2.x: one code. A target that accepts more may list them (AMB-46). */
export const SPEC_RECORD_TYPES: RecordTypeCoding[] = [
  { system: 'http://snomed.info/sct', code: '736253002', display: 'Mental health crisis plan (record artifact)' },
];

/** A profile with every secret read and every path resolved: what the suite runs with. */
export interface ResolvedTarget {
  name: string;
  baseUrl: string;
  spineAsid: string;
  consumer: { asid: string; ods: string; user: string };
  provider: { asid: string; ods: string; user?: string };
  secondProvider: { asid: string; ods: string; user?: string };
  organisations: { author: string; unknown: string };
  patients: { knownWithoutPointers: string; unknown: string; forNewPointers: 'generate' | string[] };
  tls?: { cert?: string; key?: string; ca?: string };
  headers: Record<string, string>;
  timeoutMs: number;
  /** The record types the target accepts; scenarios tagged @two-record-types need two. */
  recordTypes: RecordTypeCoding[];
  /**
   * Every value that must never appear in a report, with the name it is shown under (and any other literal form it was
   * written in).
   */
  secrets: { name: string; value: string; alsoAs?: string[] }[];
  /** Said once before the run, e.g. that credentials in the baseUrl are not sent. */
  warnings?: string[];
  /** The evidence signing key's PEM text, and where the profile took it from (src/evidence/signing.ts). */
  evidenceSigningKey?: { pem: string; source: string };
}

export class TargetProfileError extends Error {
  override name = 'TargetProfileError';
}

const text = { type: 'string', minLength: 1 };
const secretSource = {
  oneOf: [
    { type: 'object', required: ['env'], additionalProperties: false, properties: { env: text } },
    { type: 'object', required: ['file'], additionalProperties: false, properties: { file: text } },
  ],
};
const maybeSecret = { oneOf: [text, secretSource] };
const headerValue = {
  oneOf: [
    text,
    {
      type: 'object',
      additionalProperties: false,
      properties: { value: text, env: text, file: text, public: { type: 'boolean' } },
      oneOf: [{ required: ['value'] }, { required: ['env'] }, { required: ['file'] }],
    },
  ],
};
const identity = (userRequired: boolean) => ({
  type: 'object',
  required: userRequired ? ['asid', 'ods', 'user'] : ['asid', 'ods'],
  additionalProperties: false,
  properties: { asid: text, ods: text, user: maybeSecret },
});

export const TARGET_PROFILE_SCHEMA = {
  $id: 'https://nrls-conformance/target-profile.schema.json',
  type: 'object',
  required: ['baseUrl', 'spineAsid', 'consumer', 'provider', 'secondProvider', 'patients'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    name: text,
    baseUrl: { type: 'string', pattern: '^https?://[^\\s]+$' },
    spineAsid: text,
    consumer: identity(true),
    provider: identity(false),
    secondProvider: identity(false),
    organisations: {
      type: 'object',
      additionalProperties: false,
      properties: { author: text, unknown: text },
    },
    patients: {
      type: 'object',
      required: ['knownWithoutPointers', 'unknown'],
      additionalProperties: false,
      properties: {
        knownWithoutPointers: text,
        unknown: text,
        forNewPointers: { oneOf: [{ const: 'generate' }, { type: 'array', minItems: 1, items: text }] },
      },
    },
    tls: {
      type: 'object',
      additionalProperties: false,
      properties: { cert: text, key: text, ca: text },
    },
    headers: { type: 'object', additionalProperties: headerValue },
    timeoutMs: { type: 'integer', minimum: 100, maximum: 600000 },
    recordTypes: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['system', 'code', 'display'],
        additionalProperties: false,
        properties: { system: text, code: text, display: text },
      },
    },
    evidenceSigningKey: { oneOf: [text, secretSource] },
  },
} as const;

/** `/headers/X~1Y` → `headers.X/Y`: the field as the profile's author wrote it. */
const fieldPath = (pointer: string) =>
  pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');

function fieldOf(error: ErrorObject): string {
  const path = fieldPath(error.instancePath);
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return `${path ? `${path}.` : ''}${missing} is missing`;
  }
  if (error.keyword === 'additionalProperties') {
    return (
      `${path ? `${path}: ` : ''}unknown field ` +
      `"${(error.params as { additionalProperty: string }).additionalProperty}"`
    );
  }
  if (error.keyword === 'pattern' && path === 'baseUrl') return 'baseUrl must be an http:// or https:// URL';
  return `${path || '(top level)'} ${error.message}`;
}

/**
 * A header value fails both branches of its oneOf, and the string branch's "must be string" comes first:
 * say instead what a header value may be, unless the object branch found something more precise (an
 * unknown field, a `public` that is not a boolean, an empty value).
 */
function headerProblem(errors: readonly ErrorObject[]): string | undefined {
  const at = errors
    .find((error) => /^\/headers\/[^/]+/.test(error.instancePath))
    ?.instancePath.split('/')
    .slice(0, 3)
    .join('/');
  if (!at) return undefined;
  const precise = errors.find(
    (error) =>
      error.instancePath.startsWith(`${at}/`) ||
      (error.instancePath === at && (error.keyword === 'additionalProperties' || error.keyword === 'minLength')),
  );
  if (precise) return fieldOf(precise);
  return (
    `${fieldPath(at)} must be a string, or an object with exactly one of "value", "env" or "file" (and "public": ` +
    `true if the value is not secret)`
  );
}

const validateProfile = new Ajv({ allErrors: false }).compile(TARGET_PROFILE_SCHEMA);

/** Checks a parsed profile; throws TargetProfileError naming the source and the field. */
export function checkTargetProfile(data: unknown, source: string): TargetProfileFile {
  if (!validateProfile(data)) {
    // oneOf reports its branches; the most useful error is the first that is not about oneOf itself.
    const errors = validateProfile.errors!;
    const header = headerProblem(errors);
    if (header) throw new TargetProfileError(`${source}: ${header}`);
    const error =
      errors.find((candidate) => candidate.keyword !== 'oneOf' && candidate.keyword !== 'const') ?? errors[0]!;
    throw new TargetProfileError(`${source}: ${fieldOf(error)}`);
  }
  const profile = data as unknown as TargetProfileFile;
  const patients = [
    ['patients.knownWithoutPointers', profile.patients.knownWithoutPointers],
    ['patients.unknown', profile.patients.unknown],
    ...(Array.isArray(profile.patients.forNewPointers)
      ? profile.patients.forNewPointers.map((n, at) => [`patients.forNewPointers[${at}]`, n])
      : []),
  ];
  for (const [field, nhsNumber] of patients) {
    if (!isValidNhsNumber(nhsNumber!))
      throw new TargetProfileError(
        `${source}: ${field} ${nhsNumber} is not a valid NHS number (10 digits, Modulus 11)`,
      );
  }
  // The ownership scenarios need two providers the target can tell apart by ODS code (NRLS-AUTHZ-013..015).
  if (profile.provider.ods === profile.secondProvider.ods) {
    throw new TargetProfileError(
      `${source}: secondProvider.ods must differ from provider.ods (both are ${profile.provider.ods}): the ` +
        `ownership scenarios need two providers with different ODS codes`,
    );
  }
  return profile;
}

function readSource(value: SecretSource, field: string, source: string, baseDir: string): string {
  if ('env' in value) {
    const found = process.env[value.env];
    if (found === undefined || found === '')
      throw new TargetProfileError(`${source}: ${field} names environment variable ${value.env}, which is not set`);
    return found;
  }
  const path = resolve(baseDir, value.file);
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (error) {
    throw new TargetProfileError(
      `${source}: ${field} names file ${path}, which cannot be read (${(error as NodeJS.ErrnoException).code})`,
    );
  }
}

function readSecret(
  value: MaybeSecret,
  field: string,
  source: string,
  baseDir: string,
  secrets: ResolvedTarget['secrets'],
): string {
  if (typeof value === 'string') return value;
  const secret = readSource(value, field, source, baseDir);
  secrets.push({ name: field, value: secret });
  return secret;
}

/**
 * Secrets are redacted wherever their text occurs, so a short one would mark ordinary text (a header
 * `"1"` would turn every 1 in cucumber.json into a mark, and break it). Header values are secret by
 * default, so one this short must be marked public or made longer.
 */
export const MIN_SECRET_LENGTH = 8;

function readHeader(
  name: string,
  value: HeaderValue,
  source: string,
  baseDir: string,
  secrets: ResolvedTarget['secrets'],
): string {
  const field = `headers.${name}`;
  const read =
    typeof value === 'string' ? value : 'value' in value ? value.value : readSource(value, field, source, baseDir);
  if (typeof value !== 'string' && value.public === true) return read;
  if (read.length < MIN_SECRET_LENGTH) {
    throw new TargetProfileError(
      `${source}: ${field} is secret (every header is, unless marked public) but only ${read.length} ` +
        `characters long, too short to redact without marking ordinary text; if it is not secret, write { ` +
        `"value": …, "public": true }`,
    );
  }
  secrets.push({ name: field, value: read });
  return read;
}

/**
 * The user:password of a base URL, taken out. NRLS authenticates a client by its TLS certificate and
 * the JWT (NRLS-SEC-003, NRLS-JWT-001), so they are not sent: Node's http client (send.ts passes it the
 * URL) turns them into `Authorization: Basic …` only when a request has no Authorization header, i.e.
 * exactly in the scenarios that leave the JWT out on purpose (NRLS-JWT-008 would see Basic instead of
 * nothing, and fail), and drops them silently everywhere else. They are still secrets: decoded, as
 * written (percent-encoded), and the password alone when it is long enough to redact safely (the user
 * name alone is not secret, and is sent nowhere). Taken out, not parsed out, so the URL is otherwise
 * left exactly as written.
 */
export function withoutUrlCredentials(
  url: string,
  source: string,
): { url: string; secrets: ResolvedTarget['secrets']; warnings: string[] } {
  // The authority ends at the first / ? # or \ (WHATWG treats \ as / in http URLs); userinfo at its last @.
  const authority = /^(https?:\/\/)([^/?#\\]*)/i.exec(url);
  const at = authority ? authority[2]!.lastIndexOf('@') : -1;
  const written = at < 0 ? '' : authority![2]!.slice(0, at);
  const stripped = at < 0 ? url : `${authority![1]}${authority![2]!.slice(at + 1)}${url.slice(authority![0].length)}`;
  let parsed: URL | undefined;
  try {
    parsed = new URL(stripped);
  } catch {
    // Not a URL the harness can reach; the probe says so.
  }
  // `http:///user:pw@host` hides its userinfo from the split above, and Node would send it.
  if (parsed && (parsed.username || parsed.password))
    throw new TargetProfileError(
      `${source}: baseUrl has a user name or password the harness cannot take out; remove it`,
    );
  if (written === '') return { url: stripped, secrets: [], warnings: [] };
  const decode = (part: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  };
  const colon = written.indexOf(':');
  const user = colon < 0 ? written : written.slice(0, colon);
  const password = colon < 0 ? '' : written.slice(colon + 1);
  const secrets: ResolvedTarget['secrets'] = [
    {
      name: 'baseUrl.userinfo',
      value: colon < 0 ? decode(user) : `${decode(user)}:${decode(password)}`,
      alsoAs: [written],
    },
  ];
  if (decode(password).length >= MIN_SECRET_LENGTH)
    secrets.push({ name: 'baseUrl.password', value: decode(password), alsoAs: [password] });
  const warning =
    `${source}: baseUrl has a user name or password: it is not sent (NRLS authenticates by TLS client ` +
    `certificate and the JWT) and is redacted from every report`;
  return { url: stripped, secrets, warnings: [warning] };
}

/** Reads secrets and files; TLS key material is registered as secret too. */
export function resolveTarget(profile: TargetProfileFile, source: string, baseDir: string): ResolvedTarget {
  const base = withoutUrlCredentials(profile.baseUrl, source);
  const secrets: ResolvedTarget['secrets'] = [...base.secrets];
  const user = (identity: IdentityProfile, field: string) =>
    identity.user === undefined ? undefined : readSecret(identity.user, `${field}.user`, source, baseDir, secrets);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(profile.headers ?? {})) {
    headers[name] = readHeader(name, value, source, baseDir, secrets);
  }
  let tls: ResolvedTarget['tls'];
  if (profile.tls) {
    tls = {};
    for (const part of ['cert', 'key', 'ca'] as const) {
      const file = profile.tls[part];
      if (!file) continue;
      const path = resolve(baseDir, file);
      let content: string;
      try {
        content = readFileSync(path, 'utf8');
      } catch (error) {
        throw new TargetProfileError(
          `${source}: tls.${part} names file ${path}, which cannot be read (${(error as NodeJS.ErrnoException).code})`,
        );
      }
      tls[part] = content;
      if (part === 'key') secrets.push({ name: 'tls.key', value: content.trim() });
    }
  }
  // A path, like tls.key's, since a PEM key is a file; the environment or a file by the secret syntax too.
  const signing = profile.evidenceSigningKey;
  const signingPem =
    signing === undefined
      ? undefined
      : readSource(typeof signing === 'string' ? { file: signing } : signing, 'evidenceSigningKey', source, baseDir);
  if (signingPem) secrets.push({ name: 'evidenceSigningKey', value: signingPem });
  return {
    name: profile.name ?? base.url,
    baseUrl: base.url.replace(/\/+$/, ''),
    spineAsid: profile.spineAsid,
    consumer: { asid: profile.consumer.asid, ods: profile.consumer.ods, user: user(profile.consumer, 'consumer')! },
    provider: { asid: profile.provider.asid, ods: profile.provider.ods, user: user(profile.provider, 'provider') },
    secondProvider: {
      asid: profile.secondProvider.asid,
      ods: profile.secondProvider.ods,
      user: user(profile.secondProvider, 'secondProvider'),
    },
    organisations: {
      author: profile.organisations?.author ?? 'RGD',
      unknown: profile.organisations?.unknown ?? 'ZZZ99',
    },
    patients: { ...profile.patients, forNewPointers: profile.patients.forNewPointers ?? 'generate' },
    tls,
    headers,
    timeoutMs: profile.timeoutMs ?? 10_000,
    recordTypes: profile.recordTypes ?? SPEC_RECORD_TYPES,
    secrets,
    warnings: base.warnings,
    ...(signingPem ? { evidenceSigningKey: { pem: signingPem, source: `${source}: evidenceSigningKey` } } : {}),
  };
}

/** Loads, checks and resolves a profile file. */
export function loadTargetProfile(file: string): ResolvedTarget {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new TargetProfileError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(stripJsonComments(text));
  } catch (error) {
    throw new TargetProfileError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  return resolveTarget(checkTargetProfile(data, file), file, dirname(resolve(file)));
}
