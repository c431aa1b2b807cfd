// Why a request to the target got no HTTP answer, in one line that names what to fix. Node and OpenSSL
// report TLS trouble as codes (SELF_SIGNED_CERT_IN_CHAIN, ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED) with
// multi-line messages; mutual TLS (NRLS-SEC-003) puts the fix in tls.cert/tls.key/tls.ca of the profile.

export interface TransportFailure {
  code?: string;
  message: string;
  /** OpenSSL's short text, e.g. "tlsv13 alert certificate required". */
  reason?: string;
}

export interface ConnectionFacts {
  baseUrl: string;
  tls?: { cert?: string; key?: string; ca?: string };
  /** The TLS handshake completed before the connection failed (when known). */
  handshakeDone?: boolean;
}

/** The server does not trust the certificate chain we presented, or wants one we did not present. */
const CLIENT_CERTIFICATE_ALERTS = new Set([
  'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN',
  'ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED',
  'ERR_SSL_TLSV1_ALERT_ACCESS_DENIED',
  'ERR_SSL_TLSV1_ALERT_DECRYPT_ERROR',
]);

/** We do not trust the server's certificate chain. */
const SERVER_CERTIFICATE_UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

const NOT_TLS = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST']);

const PROTOCOL_VERSION = new Set([
  'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
  'ERR_SSL_UNSUPPORTED_PROTOCOL',
  'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
]);

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * OpenSSL's short reason, from the error or from its error stack ("…:SSL routines:ssl3_get_record:wrong version
 * number:…").
 */
function opensslReason(failure: TransportFailure): string | undefined {
  return failure.reason ?? /SSL routines:[^:]*:([^:]+)/.exec(failure.message)?.[1];
}

/** "CODE: text", with OpenSSL's short reason instead of its multi-line error stack. */
function detail(failure: TransportFailure): string {
  const text = oneLine(opensslReason(failure) ?? failure.message);
  return failure.code && !text.startsWith(failure.code) ? `${failure.code}: ${text}` : text;
}

export function describeTransportFailure(failure: TransportFailure, facts: ConnectionFacts): string {
  const code = failure.code ?? '';
  const https = facts.baseUrl.startsWith('https:');
  const presented = !!(facts.tls?.cert && facts.tls.key);
  const clientCertificate = 'a client certificate trusted by its CA (tls.cert/tls.key in the target profile)';
  if (CLIENT_CERTIFICATE_ALERTS.has(code)) {
    return presented
      ? `the server refused the TLS handshake: it does not accept the client certificate in tls.cert; it ` +
          `requires ${clientCertificate} (${detail(failure)})`
      : `the server refused the TLS handshake: it requires ${clientCertificate} (${detail(failure)})`;
  }
  if (code === 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE' && !presented) {
    return `the server refused the TLS handshake; it may require ${clientCertificate} (${detail(failure)})`;
  }
  if (SERVER_CERTIFICATE_UNTRUSTED.has(code)) {
    const trust = facts.tls?.ca ? 'by tls.ca' : 'by the public CAs (the target profile has no tls.ca)';
    return `the server's certificate is not trusted ${trust} (${detail(failure)})`;
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return `the server's certificate does not name this host (${detail(failure)})`;
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID')
    return `the server's certificate is not valid now (${detail(failure)})`;
  if (PROTOCOL_VERSION.has(code))
    return `the server and the harness share no TLS version; NRLS-SEC-001 wants TLS 1.2 (${detail(failure)})`;
  const notTls =
    NOT_TLS.has(code) ||
    (code === 'EPROTO' &&
      /^(wrong version number|packet length too long|http request)$/.test(opensslReason(failure) ?? ''));
  if (https && notTls)
    return (
      `the server does not answer in TLS; if it serves plain HTTP, the baseUrl starts with http:// ` +
      `(${detail(failure)})`
    );
  if ((code === 'ECONNRESET' || code === 'EPIPE') && https && presented && facts.handshakeDone) {
    // A Node server checks the client certificate after a TLS 1.3 handshake and closes without an alert.
    return (
      `the server closed the connection right after the TLS handshake without answering: it did not accept the ` +
      `client certificate in tls.cert; it requires ${clientCertificate} (${detail(failure)})`
    );
  }
  if (code === 'ECONNRESET' && !https) {
    return (
      `the server closed the connection without an HTTP answer; if it serves HTTPS, the baseUrl starts with ` +
      `https:// (${detail(failure)})`
    );
  }
  return detail(failure);
}
