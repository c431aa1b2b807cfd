// HTTPS with client certificates: `nrls-conformance mock --tls-cert/--tls-key/--tls-ca` as a separate
// process, judged by `nrls-conformance run` with the tls fields of a target profile. openssl makes a CA,
// a server certificate for 127.0.0.1 and a client certificate issued by it, and an untrusted client
// certificate (self-signed), fresh in a temp dir for this file.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type ConnectionOptions } from 'node:tls';
import { describe, it, type TestContext } from 'node:test';
import type { AssuranceRun } from '../../src/report/model.ts';
import { describeTransportFailure, type ConnectionFacts, type TransportFailure } from '../../src/runner/tls-errors.ts';
import { runCli, startMockProcess } from '../support/cli.ts';

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'nrls-tls-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

interface Pki {
  dir: string;
  file: (name: string) => string;
}

/** EC P-256 keys, valid for a day; `-CA` signs with the test CA, otherwise self-signed. */
function makePki(dir: string): Pki {
  const file = (name: string) => join(dir, name);
  const issue = (name: string, subject: string, extensions: string[], ca?: string) =>
    execFileSync(
      '/usr/bin/openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-keyout',
        file(`${name}.key`),
        '-out',
        file(`${name}.crt`),
        '-subj',
        subject,
        ...(ca ? ['-CA', file(`${ca}.crt`), '-CAkey', file(`${ca}.key`)] : []),
        ...extensions.flatMap((extension) => ['-addext', extension]),
      ],
      { stdio: 'pipe' },
    );
  const leaf = 'basicConstraints=critical,CA:FALSE';
  issue('ca', '/CN=nrls-conformance test CA', []);
  issue('server', '/CN=127.0.0.1', [leaf, 'subjectAltName=IP:127.0.0.1', 'extendedKeyUsage=serverAuth'], 'ca');
  issue('client', '/CN=consumer AMS01', [leaf, 'extendedKeyUsage=clientAuth'], 'ca');
  issue('stranger', '/CN=untrusted client', [leaf, 'extendedKeyUsage=clientAuth']);
  return { dir, file };
}

const PROFILE = {
  spineAsid: '999999999999',
  consumer: { asid: '200000000115', ods: 'AMS01', user: 'https://fhir.nhs.uk/Id/sds-role-profile-id|555021935107' },
  provider: { asid: '200000000118', ods: 'MHT01' },
  secondProvider: { asid: '200000000119', ods: 'RR8' },
  patients: { knownWithoutPointers: '2686033207', unknown: '9000000033' },
  timeoutMs: 5000,
};

function writeProfile(
  pki: Pki,
  name: string,
  baseUrl: string,
  tls: { cert?: string; key?: string; ca?: string },
): string {
  const path = pki.file(`${name}.json`);
  writeFileSync(path, JSON.stringify({ ...PROFILE, name, baseUrl, tls }));
  return path;
}

const oneLine = (text: string) => assert.equal(text.trim().split('\n').length, 1, `one line: ${text}`);

describe('nrls-conformance mock over HTTPS with client certificates (mutual TLS)', () => {
  // One mock and one set of certificates; the cases run side by side, since each spawn costs a second.
  it("NRLS-SEC-003: the harness presents the profile's client " +
    'certificate; a missing or untrusted one is reported in one line', {
    concurrency: true,
  }, async (t) => {
    const pki = makePki(tempDir(t));
    const { baseUrl } = await startMockProcess(t, [
      '--tls-cert',
      pki.file('server.crt'),
      '--tls-key',
      pki.file('server.key'),
      '--tls-ca',
      pki.file('ca.crt'),
    ]);
    assert.match(baseUrl, /^https:\/\/127\.0\.0\.1:\d+$/);
    const trusted = { cert: pki.file('client.crt'), key: pki.file('client.key'), ca: pki.file('ca.crt') };
    const unreachable = (target: string, reason: RegExp) => async () => {
      const exit = await runCli(['run', '--quiet', '--target', target, '--out', join(pki.dir, 'out-unreachable')]);
      assert.equal(exit.code, 3, exit.stdout + exit.stderr);
      oneLine(exit.stderr);
      assert.match(exit.stderr.trim(), reason);
    };
    const prefix = `^nrls-conformance run: target unreachable: ${baseUrl.replaceAll('.', '\\.')}: `;
    const port = Number(new URL(baseUrl).port);
    const client = { cert: readFileSync(trusted.cert), key: readFileSync(trusted.key), ca: readFileSync(trusted.ca) };
    const handshake = (options: ConnectionOptions) =>
      new Promise<string>((done, refused) => {
        const socket = connect({ host: '127.0.0.1', port, ...client, ...options }, () => {
          done(socket.getProtocol() ?? '');
          socket.destroy();
        });
        socket.once('error', refused);
      });
    await Promise.all([
      t.test('a trusted client certificate: the search scenarios pass over https', async () => {
        const out = join(pki.dir, 'out-trusted');
        const exit = await runCli([
          'run',
          '--quiet',
          '--tags',
          '@area-search',
          '--target',
          writeProfile(pki, 'trusted', baseUrl, trusted),
          '--out',
          out,
        ]);
        assert.equal(exit.code, 0, exit.stdout + exit.stderr);
        const run = JSON.parse(readFileSync(join(out, 'latest', 'assurance.json'), 'utf8')) as AssuranceRun;
        assert.ok(run.scenarioTotals.passed > 0 && run.scenarioTotals.failed + run.scenarioTotals.broken === 0);
        const exchanges = run.scenarios.flatMap((scenario) => scenario.steps.flatMap((step) => step.exchanges));
        assert.ok(
          exchanges.length > 0 && exchanges.every((exchange) => exchange.request.url.startsWith(`${baseUrl}/`)),
        );
        // The mock names itself by the scheme the request came in on.
        assert.ok(
          exchanges.some((exchange) => exchange.response?.body?.includes(`${baseUrl}/DocumentReference`)),
          'a Bundle link with https',
        );
        assert.ok(!exchanges.some((exchange) => exchange.response?.body?.includes('http://127.0.0.1')), 'no http link');
      }),
      t.test(
        'no client certificate in the profile: exit 3, the server requires one',
        unreachable(
          writeProfile(pki, 'no-cert', baseUrl, { ca: trusted.ca }),
          new RegExp(
            `${prefix}the server refused the TLS handshake: it requires a client certificate ` +
              `trusted by its CA \\(tls\\.cert/tls\\.key in the target profile\\) ` +
              `\\(ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: tlsv13 alert certificate required\\)$`,
          ),
        ),
      ),
      t.test(
        "a client certificate the server's CA did not issue: exit 3, not accepted",
        unreachable(
          writeProfile(pki, 'stranger', baseUrl, {
            cert: pki.file('stranger.crt'),
            key: pki.file('stranger.key'),
            ca: trusted.ca,
          }),
          new RegExp(
            `${prefix}the server closed the connection right after the TLS handshake ` +
              `without answering: it did not accept the client certificate in ` +
              `tls\\.cert; it requires a client certificate trusted by its CA`,
          ),
        ),
      ),
      t.test(
        "no tls.ca: exit 3, the server's certificate is not trusted",
        unreachable(
          writeProfile(pki, 'no-ca', baseUrl, { cert: trusted.cert, key: trusted.key }),
          new RegExp(
            `${prefix}the server's certificate is not trusted by the public CAs \\(the ` +
              `target profile has no tls\\.ca\\) ` +
              `\\((SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY): `,
          ),
        ),
      ),
      t.test(
        "a tls.ca that did not issue the server's certificate: exit 3, not trusted by tls.ca",
        unreachable(
          writeProfile(pki, 'wrong-ca', baseUrl, {
            cert: trusted.cert,
            key: trusted.key,
            ca: pki.file('stranger.crt'),
          }),
          new RegExp(`${prefix}the server's certificate is not trusted by tls\\.ca \\(`),
        ),
      ),
      t.test(
        'plain http to the https port: exit 3, no HTTP answer',
        unreachable(
          baseUrl.replace('https:', 'http:'),
          new RegExp(
            /: the server closed the connection without an HTTP answer; if /.source +
              /it serves HTTPS, the baseUrl starts with https:\/\/ \(ECONNRESET/.source,
          ),
        ),
      ),
      t.test('NRLS-SEC-001: the mock refuses a TLS 1.1 handshake and accepts TLS 1.2', async () => {
        // SECLEVEL=0 lets OpenSSL 3 offer TLS 1.1 at all, so the refusal comes from the server.
        const anyVersion = { minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' } as const;
        await assert.rejects(handshake({ ...anyVersion, maxVersion: 'TLSv1.1' }), {
          code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
        });
        assert.equal(await handshake({ ...anyVersion, maxVersion: 'TLSv1.2' }), 'TLSv1.2');
      }),
    ]);
  });

  it('mock --tls-*: a certificate without a key, an unreadable file or ' +
    'a key that does not fit exits 2 naming the option and file', {
    concurrency: true,
  }, async (t) => {
    const pki = makePki(tempDir(t));
    const CASES: [string, string[], RegExp][] = [
      [
        'a certificate without a key',
        ['--tls-cert', pki.file('server.crt')],
        /^nrls-conformance mock: --tls-cert \S+server\.crt needs --tls-key$/,
      ],
      [
        'a key file that does not exist',
        ['--tls-cert', pki.file('server.crt'), '--tls-key', pki.file('nope.key')],
        /^nrls-conformance mock: --tls-key \S+nope\.key cannot be read \(ENOENT\)$/,
      ],
      [
        "a key that is not the certificate's",
        ['--tls-cert', pki.file('server.crt'), '--tls-key', pki.file('client.key')],
        new RegExp(
          /^nrls-conformance mock: --tls-cert \S+server\.crt, --tls-key /.source +
            /\S+client\.key: not usable \(.*key values mismatch\)$/.source,
        ),
      ],
    ];
    await Promise.all(
      CASES.map(([name, args, reason]) =>
        t.test(name, async () => {
          const exit = await runCli(['mock', '--port', '0', ...args]);
          assert.equal(exit.code, 2, exit.stdout + exit.stderr);
          oneLine(exit.stderr);
          assert.match(exit.stderr.trim(), reason);
        }),
      ),
    );
  });
});

describe('TLS failures from servers other than the mock: one line naming the profile field', () => {
  const HTTPS: ConnectionFacts = { baseUrl: 'https://nrls.example', tls: { cert: 'C', key: 'K', ca: 'A' } };
  const stack = (reason: string) =>
    `80EC4D32797F0000:error:0A000418:SSL ` +
    `routines:ssl3_read_bytes:${reason}:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:\nSSL ` +
    `alert number 48\n`;
  const CASES: [string, TransportFailure, ConnectionFacts, string][] = [
    [
      'an unknown-CA alert for the certificate presented',
      {
        code: 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
        message: stack('tlsv1 alert unknown ca'),
        reason: 'tlsv1 alert unknown ca',
      },
      HTTPS,
      'the server refused the TLS handshake: it does not accept the client certificate in ' +
        'tls.cert; it requires a client certificate trusted by its CA (tls.cert/tls.key in ' +
        'the target profile) (ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: tlsv1 alert unknown ca)',
    ],
    [
      'an https baseUrl on a plain HTTP server',
      { code: 'EPROTO', message: `write EPROTO ${stack('wrong version number')}` },
      HTTPS,
      'the server does not answer in TLS; if it serves plain HTTP, the ' +
        'baseUrl starts with http:// (EPROTO: wrong version number)',
    ],
    [
      'a server certificate for another host',
      {
        code: 'ERR_TLS_CERT_ALTNAME_INVALID',
        message: "Hostname/IP does not match certificate's altnames: IP: 10.0.0.1 is not in the cert's list: 127.0.0.1",
      },
      HTTPS,
      "the server's certificate does not name this host (ERR_TLS_CERT_ALTNAME_INVALID: Hostname/IP " +
        "does not match certificate's altnames: IP: 10.0.0.1 is not in the cert's list: 127.0.0.1)",
    ],
    [
      'a reset before the TLS handshake completed is not blamed on the certificate',
      { code: 'ECONNRESET', message: 'socket hang up' },
      { ...HTTPS, handshakeDone: false },
      'ECONNRESET: socket hang up',
    ],
  ];
  for (const [name, failure, facts, expected] of CASES) {
    it(name, () => assert.equal(describeTransportFailure(failure, facts), expected));
  }
});
