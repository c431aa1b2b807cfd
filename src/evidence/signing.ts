// Ed25519 signing of the evidence manifest (issue 13, point 1). The private key comes from the target
// profile's `evidenceSigningKey` or, failing that, the environment variable NRLS_EVIDENCE_SIGNING_KEY (the
// PEM text itself, as a CI secret is usually given); without either, the bundle is hash-chained only.
import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

export const SIGNING_KEY_ENV = 'NRLS_EVIDENCE_SIGNING_KEY';

export class EvidenceKeyError extends Error {
  override name = 'EvidenceKeyError';
}

export interface SigningKey {
  privateKey: KeyObject;
  publicKeyPem: string;
  fingerprint: string;
  /** Where it came from, for messages: `NRLS_EVIDENCE_SIGNING_KEY`, or the profile and field. */
  source: string;
}

/**
 * `sha256:<hex>` of the public key's DER (SubjectPublicKeyInfo), so a reviewer can compute it without the
 * harness: `openssl pkey -pubin -in key.pub.pem -outform DER | sha256sum`.
 */
export function fingerprintOf(publicKey: KeyObject): string {
  return `sha256:${createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')}`;
}

function ed25519Only(key: KeyObject, source: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519')
    throw new EvidenceKeyError(
      `${source}: an ${key.asymmetricKeyType ?? 'unknown'} key; evidence is signed with Ed25519 ` +
        `(make one with: openssl genpkey -algorithm ed25519 -out evidence-signing.pem)`,
    );
  return key;
}

/** A PEM private key (PKCS#8) as a signing key; throws EvidenceKeyError naming the source. */
export function signingKeyFromPem(pem: string, source: string): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new EvidenceKeyError(
      `${source}: not a PEM private key (it must hold the key itself, -----BEGIN PRIVATE KEY----- …)`,
    );
  }
  ed25519Only(privateKey, source);
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    fingerprint: fingerprintOf(publicKey),
    source,
  };
}

/** The key a run signs with: the profile's (already read by the profile loader), else the environment's. */
export function runSigningKey(
  fromProfile: { pem: string; source: string } | undefined,
  env: NodeJS.ProcessEnv = process.env,
): SigningKey | undefined {
  if (fromProfile) return signingKeyFromPem(fromProfile.pem, fromProfile.source);
  const pem = env[SIGNING_KEY_ENV];
  return pem ? signingKeyFromPem(pem, SIGNING_KEY_ENV) : undefined;
}

/** A public key (or a private key, whose public half is taken) for `verify --public-key`. */
export function publicKeyFromPem(pem: string, source: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new EvidenceKeyError(`${source}: not a PEM public key`);
  }
  return ed25519Only(key, source);
}

export function signManifest(manifest: Buffer, key: SigningKey): string {
  return `${sign(null, manifest, key.privateKey).toString('base64')}\n`;
}

/** manifest.sig as written: one base64 line of a 64-byte Ed25519 signature, nothing else. */
const SIGNATURE_FILE = /^[A-Za-z0-9+/]{86}==\n$/;

export function signatureHolds(manifest: Buffer, signatureFile: Buffer, publicKey: KeyObject): boolean {
  const text = signatureFile.toString('latin1');
  if (!SIGNATURE_FILE.test(text)) return false;
  return verify(null, manifest, publicKey, Buffer.from(text.trim(), 'base64'));
}
