// The target profile: which NRLS endpoint the suite judges and with which identities. A JSON file
// (comments allowed), validated by ajv with errors that name the field. Secret values (an extra header,
// a user id, TLS key material) come from environment variables or files, never from the file itself;
// they are resolved here and listed so that every report can redact them.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { isValidNhsNumber } from '../domain/nhs-number.ts';
import { stripJsonComments } from './jsonc.ts';

/** A value read from the environment or a file at run time, so it never sits in the profile. */
export type SecretSource = { env: string } | { file: string };
export type MaybeSecret = string | SecretSource;

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
  headers?: Record<string, MaybeSecret>;
  timeoutMs?: number;
  recordTypes?: RecordTypeCoding[];
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
  /** Every value that must never appear in a report, with the name it is shown under. */
  secrets: { name: string; value: string }[];
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
      type: 'object', additionalProperties: false,
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
      type: 'object', additionalProperties: false,
      properties: { cert: text, key: text, ca: text },
    },
    headers: { type: 'object', additionalProperties: maybeSecret },
    timeoutMs: { type: 'integer', minimum: 100, maximum: 600000 },
    recordTypes: {
      type: 'array', minItems: 1,
      items: { type: 'object', required: ['system', 'code', 'display'], additionalProperties: false, properties: { system: text, code: text, display: text } },
    },
  },
} as const;

function fieldOf(error: ErrorObject): string {
  const path = error.instancePath.split('/').slice(1).join('.');
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return `${path ? `${path}.` : ''}${missing} is missing`;
  }
  if (error.keyword === 'additionalProperties') {
    return `${path ? `${path}: ` : ''}unknown field "${(error.params as { additionalProperty: string }).additionalProperty}"`;
  }
  if (error.keyword === 'pattern' && path === 'baseUrl') return 'baseUrl must be an http:// or https:// URL';
  return `${path || '(top level)'} ${error.message}`;
}

const validateProfile = new Ajv({ allErrors: false }).compile(TARGET_PROFILE_SCHEMA);

/** Checks a parsed profile; throws TargetProfileError naming the source and the field. */
export function checkTargetProfile(data: unknown, source: string): TargetProfileFile {
  if (!validateProfile(data)) {
    // oneOf reports its branches; the most useful error is the first that is not about oneOf itself.
    const errors = validateProfile.errors!;
    const error = errors.find((candidate) => candidate.keyword !== 'oneOf' && candidate.keyword !== 'const') ?? errors[0]!;
    throw new TargetProfileError(`${source}: ${fieldOf(error)}`);
  }
  const profile = data as unknown as TargetProfileFile;
  const patients = [
    ['patients.knownWithoutPointers', profile.patients.knownWithoutPointers],
    ['patients.unknown', profile.patients.unknown],
    ...(Array.isArray(profile.patients.forNewPointers) ? profile.patients.forNewPointers.map((n, at) => [`patients.forNewPointers[${at}]`, n]) : []),
  ];
  for (const [field, nhsNumber] of patients) {
    if (!isValidNhsNumber(nhsNumber!)) throw new TargetProfileError(`${source}: ${field} ${nhsNumber} is not a valid NHS number (10 digits, Modulus 11)`);
  }
  // The ownership scenarios need two providers the target can tell apart by ODS code (NRLS-AUTHZ-013..015).
  if (profile.provider.ods === profile.secondProvider.ods) {
    throw new TargetProfileError(`${source}: secondProvider.ods must differ from provider.ods (both are ${profile.provider.ods}): the ownership scenarios need two providers with different ODS codes`);
  }
  return profile;
}

function readSecret(value: MaybeSecret, field: string, source: string, baseDir: string, secrets: ResolvedTarget['secrets']): string {
  if (typeof value === 'string') return value;
  let secret: string;
  if ('env' in value) {
    const found = process.env[value.env];
    if (found === undefined || found === '') throw new TargetProfileError(`${source}: ${field} names environment variable ${value.env}, which is not set`);
    secret = found;
  } else {
    const path = resolve(baseDir, value.file);
    try {
      secret = readFileSync(path, 'utf8').trim();
    } catch (error) {
      throw new TargetProfileError(`${source}: ${field} names file ${path}, which cannot be read (${(error as NodeJS.ErrnoException).code})`);
    }
  }
  secrets.push({ name: field, value: secret });
  return secret;
}

/** Reads secrets and files; TLS key material is registered as secret too. */
export function resolveTarget(profile: TargetProfileFile, source: string, baseDir: string): ResolvedTarget {
  const secrets: ResolvedTarget['secrets'] = [];
  const user = (identity: IdentityProfile, field: string) =>
    identity.user === undefined ? undefined : readSecret(identity.user, `${field}.user`, source, baseDir, secrets);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(profile.headers ?? {})) {
    headers[name] = readSecret(value, `headers.${name}`, source, baseDir, secrets);
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
        throw new TargetProfileError(`${source}: tls.${part} names file ${path}, which cannot be read (${(error as NodeJS.ErrnoException).code})`);
      }
      tls[part] = content;
      if (part === 'key') secrets.push({ name: 'tls.key', value: content.trim() });
    }
  }
  return {
    name: profile.name ?? profile.baseUrl,
    baseUrl: profile.baseUrl.replace(/\/+$/, ''),
    spineAsid: profile.spineAsid,
    consumer: { asid: profile.consumer.asid, ods: profile.consumer.ods, user: user(profile.consumer, 'consumer')! },
    provider: { asid: profile.provider.asid, ods: profile.provider.ods, user: user(profile.provider, 'provider') },
    secondProvider: { asid: profile.secondProvider.asid, ods: profile.secondProvider.ods, user: user(profile.secondProvider, 'secondProvider') },
    organisations: { author: profile.organisations?.author ?? 'RGD', unknown: profile.organisations?.unknown ?? 'ZZZ99' },
    patients: { ...profile.patients, forNewPointers: profile.patients.forNewPointers ?? 'generate' },
    tls,
    headers,
    timeoutMs: profile.timeoutMs ?? 10_000,
    recordTypes: profile.recordTypes ?? SPEC_RECORD_TYPES,
    secrets,
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
