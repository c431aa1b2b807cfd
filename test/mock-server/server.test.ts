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
    ['a request head over the header size limit', `GET /DocumentReference HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'MISSING_OR_INVALID_HEADER'],
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
