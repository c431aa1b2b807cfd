// The evidence signing key (issue 13, point 1): from the target profile's evidenceSigningKey (a file path, or
// { env } / { file }), else NRLS_EVIDENCE_SIGNING_KEY; Ed25519 only; a fingerprint anyone can recompute.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import {
  EvidenceKeyError,
  publicKeyFromPem,
  runSigningKey,
  SIGNING_KEY_ENV,
  signatureHolds,
  signManifest,
} from '../../src/evidence/signing.ts';
import { loadTargetProfile, TargetProfileError } from '../../src/target/profile.ts';
import { profileFor } from '../support/profile.ts';

const newEd25519 = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const ED25519 = newEd25519();
const OTHER_ED25519 = newEd25519();
const RSA = generateKeyPairSync('rsa', { modulusLength: 1024 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'nrls-key-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('evidence signing key: where it comes from', () => {
  it("the profile's key wins over the environment's; the environment's is used without one; none, none", () => {
    const env = { [SIGNING_KEY_ENV]: OTHER_ED25519 };
    const fromProfile = runSigningKey({ pem: ED25519, source: 'p.json: evidenceSigningKey' }, env)!;
    const fromEnv = runSigningKey(undefined, env)!;
    assert.equal(fromProfile.source, 'p.json: evidenceSigningKey');
    assert.equal(fromEnv.source, SIGNING_KEY_ENV);
    assert.notEqual(fromProfile.fingerprint, fromEnv.fingerprint);
    assert.equal(runSigningKey(undefined, {}), undefined);
  });

  it('a key that is not PEM, or not Ed25519, is refused naming where it came from', () => {
    assert.throws(
      () => runSigningKey(undefined, { [SIGNING_KEY_ENV]: '/home/me/key.pem' }),
      (error: Error) =>
        error instanceof EvidenceKeyError && /^NRLS_EVIDENCE_SIGNING_KEY: not a PEM private key/.test(error.message),
    );
    const refused = (pattern: RegExp) => (error: Error) =>
      error instanceof EvidenceKeyError && pattern.test(error.message);
    assert.throws(
      () => runSigningKey({ pem: RSA, source: 'p.json: evidenceSigningKey' }),
      refused(/^p\.json: evidenceSigningKey: an rsa key; evidence is signed with Ed25519/),
    );
    assert.throws(
      () => publicKeyFromPem('nonsense', '--public-key k.pem'),
      refused(/^--public-key k\.pem: not a PEM public key/),
    );
  });

  it('a profile names it by path (relative to the profile), or by { env }; it becomes a secret', (t) => {
    const dir = tempDir(t);
    writeFileSync(join(dir, 'signing.pem'), ED25519);
    writeFileSync(
      join(dir, 'p.json'),
      JSON.stringify({ ...profileFor('http://127.0.0.1:9'), evidenceSigningKey: 'signing.pem' }),
    );
    const target = loadTargetProfile(join(dir, 'p.json'));
    assert.equal(target.evidenceSigningKey?.pem, ED25519.trim());
    assert.equal(target.evidenceSigningKey?.source, `${join(dir, 'p.json')}: evidenceSigningKey`);
    assert.ok(target.secrets.some((secret) => secret.name === 'evidenceSigningKey'));
    process.env.NRLS_TEST_EVIDENCE_KEY = ED25519;
    t.after(() => delete process.env.NRLS_TEST_EVIDENCE_KEY);
    writeFileSync(
      join(dir, 'e.json'),
      JSON.stringify({ ...profileFor('http://127.0.0.1:9'), evidenceSigningKey: { env: 'NRLS_TEST_EVIDENCE_KEY' } }),
    );
    assert.equal(loadTargetProfile(join(dir, 'e.json')).evidenceSigningKey?.pem, ED25519);
  });

  it('a profile naming a key file that is not there is a profile error naming the field', (t) => {
    const dir = tempDir(t);
    writeFileSync(
      join(dir, 'p.json'),
      JSON.stringify({ ...profileFor('http://127.0.0.1:9'), evidenceSigningKey: 'gone.pem' }),
    );
    assert.throws(
      () => loadTargetProfile(join(dir, 'p.json')),
      (error: Error) =>
        error instanceof TargetProfileError &&
        /evidenceSigningKey names file .*gone\.pem, which cannot be read \(ENOENT\)/.test(error.message),
    );
  });
});

describe('evidence signing key: signatures and fingerprints', () => {
  it('a signature holds for its manifest and key only', () => {
    const key = runSigningKey({ pem: ED25519, source: 'k' })!;
    const manifest = Buffer.from('{"format":"nrls-conformance-evidence/1"}\n');
    const signature = Buffer.from(signManifest(manifest, key));
    assert.ok(signatureHolds(manifest, signature, publicKeyFromPem(key.publicKeyPem, 'k')));
    assert.ok(!signatureHolds(Buffer.from(`${manifest} `), signature, publicKeyFromPem(key.publicKeyPem, 'k')));
    assert.ok(!signatureHolds(manifest, signature, publicKeyFromPem(OTHER_ED25519, 'other')));
  });

  const openssl = spawnSync('openssl', ['version']).status === 0;
  it('the fingerprint is what openssl gives: sha256 of the DER public key', { skip: !openssl && 'no openssl' }, (t) => {
    const dir = tempDir(t);
    const key = runSigningKey({ pem: ED25519, source: 'k' })!;
    writeFileSync(join(dir, 'k.pub'), key.publicKeyPem);
    const der = spawnSync('openssl', ['pkey', '-pubin', '-in', join(dir, 'k.pub'), '-outform', 'DER']);
    const digest = spawnSync('openssl', ['dgst', '-sha256', '-r'], { input: der.stdout, encoding: 'utf8' });
    assert.equal(key.fingerprint, `sha256:${digest.stdout.split(' ')[0]}`);
  });
});
