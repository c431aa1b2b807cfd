// `nrls-conformance mock --record DIR` as a user runs it: each exchange is on disk as soon as the client has
// its answer, so a mock killed with SIGKILL right after still has it; a DIR it cannot use is exit 2, one line.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { RecordedExchange } from '../../src/client-assurance/recorded-exchange.ts';
import { packageInfo } from '../../src/runner/package-info.ts';
import type { RecordingIdentity } from '../../mock-server/recording/exchange-file.ts';
import { CONSUMER, SEEDED_PATIENT, headersFor, subjectQuery } from '../support/mock.ts';
import { runCli, startMockProcess } from '../support/cli.ts';

const folder = mkdtempSync(join(tmpdir(), 'nrls-record-cli-'));
after(() => rmSync(folder, { recursive: true, force: true }));

describe('nrls-conformance mock --record DIR', () => {
  it('writes recording.json, and each exchange to exchanges.ndjson before answering: kill -9 loses none', async (t) => {
    const dir = join(folder, 'made', 'by-the-mock');
    const { baseUrl, child } = await startMockProcess(t, ['--base-path', '/nrls-ri', '--record', dir]);
    const identity = JSON.parse(readFileSync(join(dir, 'recording.json'), 'utf8')) as RecordingIdentity;
    assert.equal(identity.format, 'nrls-client-recording');
    assert.equal(identity.version, 1);
    assert.equal(identity.baseUrl, baseUrl);
    assert.deepEqual(identity.harness, packageInfo());
    assert.ok(identity.directory.systems.some((system) => system.asid === CONSUMER.asid));
    assert.ok(identity.directory.spineAsid);

    const query = new URLSearchParams(subjectQuery(SEEDED_PATIENT));
    const res = await fetch(`${baseUrl}/DocumentReference?${query}`, {
      headers: { ...headersFor(CONSUMER, 'read'), Accept: 'application/fhir+json' },
    });
    assert.equal(res.status, 200);
    await res.text();
    child.process.kill('SIGKILL');
    const exit = await child.exited;
    assert.equal(exit.signal, 'SIGKILL');
    assert.match(exit.stderr, new RegExp(`recording exchanges to ${join(dir, 'exchanges.ndjson')}\\n`));

    const lines = readFileSync(join(dir, 'exchanges.ndjson'), 'utf8').split('\n');
    assert.equal(lines.length, 2, 'one line and its newline');
    const exchange = JSON.parse(lines[0]!) as RecordedExchange;
    assert.equal(exchange.seq, 1);
    assert.equal(exchange.fromAsid, CONSUMER.asid);
    assert.equal(exchange.request.url, `/nrls-ri/DocumentReference?${query}`);
    assert.equal(exchange.response.status, 200);
  });

  it('a DIR that is a file is exit 2 with one line naming it', async () => {
    const file = join(folder, 'a-file');
    writeFileSync(file, 'not a folder');
    const exit = await runCli(['mock', '--port', '0', '--record', file]);
    assert.equal(exit.code, 2);
    assert.equal(exit.stdout, '');
    assert.match(
      exit.stderr,
      new RegExp(`^nrls-conformance mock: --record ${file}: cannot create the folder \\(EEXIST[^\\n]*\\)\\n$`),
    );
    assert.ok(!existsSync(join(file, 'exchanges.ndjson')));
  });
});
