// What Node's HTTP parser refuses before the app runs still gets an OperationOutcome.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { describe, it } from 'node:test';
import { mockConfig } from '../../mock-server/config.ts';
import { startMock } from '../../mock-server/server.ts';
import { readFhirXml } from '../../src/domain/stu3-xml.ts';
import { testFixtures } from '../support/mock.ts';

function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('utf8')));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

describe('requests the HTTP parser refuses', () => {
  const CASES: [string, string, number, string][] = [
    [
      'a request head over the header size limit',
      `GET /DocumentReference HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      431,
      'MISSING_OR_INVALID_HEADER',
    ],
    ['bytes that are not HTTP', 'NOT HTTP AT ALL\r\n\r\n', 400, 'INVALID_REQUEST_MESSAGE'],
  ];
  for (const [name, request, status, code] of CASES) {
    it(`${name} gets ${status} with a FHIR OperationOutcome, not an empty body`, async (t) => {
      const running = await startMock(mockConfig(testFixtures()), { port: 0, host: '127.0.0.1' });
      t.after(() => running.close());
      const port = Number(new URL(running.baseUrl).port);
      const response = await rawExchange(port, request);
      const [head, body = ''] = response.split('\r\n\r\n');
      assert.match(head!, new RegExp(`^HTTP/1.1 ${status} `));
      assert.match(head!, /Content-Type: application\/fhir\+xml;charset=utf-8/);
      const read = readFhirXml(body);
      assert.ok(read.ok, read.ok ? '' : read.reason);
      assert.equal(read.resource.resourceType, 'OperationOutcome');
      assert.match(JSON.stringify(read.resource), new RegExp(`"code":"${code}"`));
    });
  }
});

describe('slow clients are timed out, answered and disconnected', () => {
  const TIMEOUTS = { headersMs: 300, requestMs: 600, keepAliveMs: 300, checkEveryMs: 50 };

  /** Opens a connection, sends `head` at once, then one byte of `drip` every 100 ms until the server closes. */
  function slowExchange(port: number, head: string, drip: string): Promise<{ text: string; ms: number }> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write(head));
      let text = '';
      let sent = 0;
      const timer = setInterval(() => socket.writable && socket.write(drip[sent++ % drip.length]!), 100);
      socket.on('data', (chunk) => (text += chunk.toString('utf8')));
      socket.on('close', () => {
        clearInterval(timer);
        resolve({ text, ms: Date.now() - started });
      });
      socket.on('error', () => undefined);
      setTimeout(() => reject(new Error('the server never closed the slow connection')), 5_000).unref();
    });
  }

  const CASES: [string, string, string][] = [
    ['a head sent a byte at a time (slowloris)', 'GET /DocumentReference HTTP/1.1\r\nHost: x\r\n', 'X-Slow: a\r\n'],
    [
      'a create whose body never finishes',
      'POST /DocumentReference HTTP/1.1\r\nHost: x\r\nContent-Type: ' +
        'application/fhir+json\r\nContent-Length: 100000\r\n\r\n{',
      ' ',
    ],
  ];
  for (const [name, head, drip] of CASES) {
    it(`${name} gets a 408 OperationOutcome and the connection closed, while others are still answered`, async (t) => {
      const running = await startMock(mockConfig(testFixtures()), { port: 0, host: '127.0.0.1', timeouts: TIMEOUTS });
      t.after(() => running.close());
      const port = Number(new URL(running.baseUrl).port);
      const slow = Array.from({ length: 20 }, () => slowExchange(port, head, drip));
      const meanwhile = await rawExchange(port, 'GET /metadata HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      assert.match(meanwhile, /^HTTP\/1.1 404 /, 'a normal request is answered while slow clients hold connections');
      for (const { text, ms } of await Promise.all(slow)) {
        assert.ok(ms < 2_000, `closed after ${ms} ms`);
        const [head408, body = ''] = text.split('\r\n\r\n');
        assert.match(head408!, /^HTTP\/1.1 408 Request Timeout/);
        const read = readFhirXml(body);
        assert.ok(read.ok, read.ok ? '' : read.reason);
        assert.equal(read.resource.resourceType, 'OperationOutcome');
        assert.match(JSON.stringify(read.resource), /"code":"timeout"/);
      }
    });
  }
});
