// What `nrls-conformance init` writes: a commented target profile for a supplier's endpoint.
export const EXAMPLE_PROFILE = `// nrls-conformance target profile (JSON; // comments are allowed).
// Run with: npx nrls-conformance run --target this-file.json
{
  // A name for the reports.
  "name": "My NRLS endpoint (INT)",

  // The service base: pointers are at {baseUrl}/DocumentReference. A user:password@ in it is not sent
  // (NRLS authenticates by TLS client certificate and the JWT) and is redacted from the reports.
  "baseUrl": "https://nrls.example.nhs.uk/nrls",

  // The Spine ASID to send as toASID.
  "spineAsid": "999999999999",

  // Client identities. Each ASID must be registered with the target, linked to its ODS code, and hold
  // the interactions of its role: the consumer only search; the providers search, create and delete.
  // The consumer needs a requesting_user (JWT sub); it may come from the environment: { "env": "NAME" }.
  "consumer": { "asid": "200000000115", "ods": "AMS01", "user": { "env": "NRLS_CONSUMER_USER" } },
  "provider": { "asid": "200000000118", "ods": "MHT01" },
  // A second provider with another ODS code, for the ownership cases (NRLS-AUTHZ-013..015).
  "secondProvider": { "asid": "200000000119", "ods": "RR8" },

  // author: a known ODS code without the provider role (used as the record owner, and as a custodian
  // search that must be refused). unknown: an ODS code the target does not know.
  "organisations": { "author": "RGD", "unknown": "ZZZ99" },

  "patients": {
    // A patient the target knows (a Spine Clinicals record) who has no pointers: never written to.
    "knownWithoutPointers": "2686033207",
    // A valid NHS number the target does not know (expects 404 on search).
    "unknown": "9000000033",
    // Patients scenarios may create pointers for: "generate" makes a fresh valid NHS number per
    // scenario (the target must accept any valid NHS number), or list known test patients.
    "forNewPointers": "generate"
  },

  // Mutual TLS: client certificate, key and CA bundle, as file paths relative to this file.
  // "tls": { "cert": "client.crt", "key": "client.key", "ca": "spine-ca.crt" },

  // Extra headers sent with every request. Every value is a secret, redacted from every report, unless
  // marked public; a secret is better read from the environment ({ "env": "NAME" }) or a file
  // ({ "file": "path" }) than written here.
  // "headers": {
  //   "X-Api-Key": { "env": "NRLS_API_KEY" },
  //   "X-Correlation-Id": { "value": "supplier-int-assurance", "public": true }
  // },

  // Sign each run's evidence bundle (evidence.tar.gz) with this Ed25519 private key: a PEM file relative
  // to this file, or { "env": "NAME" }; without it (or NRLS_EVIDENCE_SIGNING_KEY) it is hash-chained only.
  // Make one with: openssl genpkey -algorithm ed25519 -out evidence-signing.pem
  // "evidenceSigningKey": "evidence-signing.pem",

  // Per-request timeout in milliseconds.
  "timeoutMs": 10000
}
`;
