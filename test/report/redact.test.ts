// Redaction of one exchange and of a run folder: a secret in every form a target may echo it in
// (a Location header, a body in JSON, XML or HTML, URL- or base64-encoded, as HTTP Basic), and the
// userinfo of any URL, known or not, are marked; the scrub reaches every file in every subfolder.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Exchange } from '../../src/report/exchange.ts';
import { redactExchange, redactText, secretMark, USERINFO_MARK, type Secret } from '../../src/report/redact.ts';
import { scrubFiles } from '../../src/report/write.ts';
import { withoutUrlCredentials } from '../../src/target/profile.ts';

const KEY: Secret = { name: 'headers.X-Api-Key', value: `k3y <&"'> with space|pipe` };
const URL_SECRETS = withoutUrlCredentials('http://supplier:p%40ss-w0rd%2F1@nrls.example/nrls', 'p.json').secrets;
const SECRETS = [KEY, ...URL_SECRETS];

const json = (text: string) => JSON.stringify(text).slice(1, -1);
const xml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

describe('redactText: a secret in each form a report or a target may carry it', () => {
  const FORMS: [string, string][] = [
    ['raw', KEY.value],
    ['JSON-escaped', json(KEY.value)],
    ['JSON-escaped twice (an attachment in a message)', json(json(KEY.value))],
    [
      'HTML-escaped',
      KEY.value
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&#39;'),
    ],
    ['XML-escaped', xml(KEY.value)],
    ['URL-encoded', encodeURIComponent(KEY.value)],
    ['URL-encoded, lower-case hex', encodeURIComponent(KEY.value).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase())],
    ['form-encoded', new URLSearchParams([['k', KEY.value]]).toString().slice(2)],
    ['base64', Buffer.from(KEY.value).toString('base64')],
    ['base64url', Buffer.from(KEY.value).toString('base64url')],
    ['in cucumber.html', json(json(KEY.value)).replace(/</g, '\\x3C')],
  ];
  for (const [name, form] of FORMS) {
    it(`${name}`, () => {
      assert.equal(redactText(`before ${form} after`, SECRETS), `before ${secretMark(KEY.name)} after`);
    });
  }

  it('URL credentials: as written, decoded, as HTTP Basic, the password alone', () => {
    const basic = Buffer.from('supplier:p@ss-w0rd/1').toString('base64');
    const text =
      `http://supplier:p%40ss-w0rd%2F1@nrls.example/nrls | supplier:p@ss-w0rd/1 ` +
      `| Basic ${basic} | p@ss-w0rd/1 | p%40ss-w0rd%2F1`;
    assert.equal(
      redactText(text, SECRETS),
      `http://[REDACTED secret baseUrl.userinfo]@nrls.example/nrls | [REDACTED ` +
        `secret baseUrl.userinfo] | Basic [REDACTED secret baseUrl.userinfo] | ` +
        `[REDACTED secret baseUrl.password] | [REDACTED secret baseUrl.password]`,
    );
  });

  it('the userinfo of any URL, even credentials the profile does not know, and only the userinfo', () => {
    const text =
      'see https://admin:hunter2@db.internal:5432/x and ftp://token@files/y, not http://host/a@b or mail@example.org';
    assert.equal(
      redactText(text, []),
      `see https://${USERINFO_MARK}@db.internal:5432/x and ` +
        `ftp://${USERINFO_MARK}@files/y, not http://host/a@b or ` +
        `mail@example.org`,
    );
  });

  it('redacting twice changes nothing more', () => {
    const once = redactText(`http://x:y@h ${KEY.value}`, SECRETS);
    assert.equal(redactText(once, SECRETS), once);
  });

  it('a hostile body of URL-like text is redacted in linear time', () => {
    const body = `${`http://${'a:'.repeat(150)}`.repeat(20_000)}https://${'b'.repeat(1_000_000)}`;
    const started = process.hrtime.bigint();
    redactText(body, SECRETS);
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 2000, 'under 2 s');
  });
});

describe('redactExchange: what a target echoes back', () => {
  it('a Location with userinfo, a body quoting the key in XML, a Basic challenge: all marked', () => {
    const exchange: Exchange = {
      purpose: 'create the pointer',
      startedAt: '2026-01-01T00:00:00.000Z',
      durationMs: 5,
      request: {
        method: 'POST',
        url: 'http://nrls.example/nrls/DocumentReference',
        headers: { 'X-Api-Key': KEY.value, Authorization: 'Bearer abc.def.ghi' },
      },
      response: {
        status: 201,
        headers: {
          location: 'http://supplier:p%40ss-w0rd%2F1@nrls.example/nrls/DocumentReference/1',
          'www-authenticate': `Basic ${Buffer.from('supplier:p@ss-w0rd/1').toString('base64')}`,
        },
        body: `<OperationOutcome><diagnostics value="${xml(KEY.value)}"/></OperationOutcome>`,
      },
    };
    const redacted = redactExchange(exchange, SECRETS);
    assert.equal(redacted.request.headers['X-Api-Key'], secretMark(KEY.name));
    assert.equal(
      redacted.response!.headers.location,
      'http://[REDACTED secret baseUrl.userinfo]@nrls.example/nrls/DocumentReference/1',
    );
    assert.equal(redacted.response!.headers['www-authenticate'], 'Basic [REDACTED secret baseUrl.userinfo]');
    assert.equal(
      redacted.response!.body,
      `<OperationOutcome><diagnostics value="${secretMark(KEY.name)}"/></OperationOutcome>`,
    );
  });
});

describe('scrubFiles: the run folder, every file in every subfolder', () => {
  it('marks a secret in a nested file, leaves a file without one untouched, and does not follow links', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'nrls-scrub-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const run = join(dir, 'run');
    mkdirSync(join(run, 'attachments', 'deeper'), { recursive: true });
    writeFileSync(join(run, 'messages.ndjson'), `{"body":"${json(json(KEY.value))}"}\n`);
    writeFileSync(join(run, 'attachments', 'deeper', 'x.txt'), `Basic ${Buffer.from(KEY.value).toString('base64')}`);
    writeFileSync(join(run, 'clean.txt'), 'nothing secret');
    writeFileSync(join(dir, 'outside.txt'), KEY.value);
    symlinkSync(join(dir, 'outside.txt'), join(run, 'link'));
    scrubFiles(run, SECRETS);
    assert.equal(readFileSync(join(run, 'messages.ndjson'), 'utf8'), `{"body":"${secretMark(KEY.name)}"}\n`);
    assert.equal(readFileSync(join(run, 'attachments', 'deeper', 'x.txt'), 'utf8'), `Basic ${secretMark(KEY.name)}`);
    assert.equal(readFileSync(join(run, 'clean.txt'), 'utf8'), 'nothing secret');
    assert.equal(readFileSync(join(dir, 'outside.txt'), 'utf8'), KEY.value, 'a link is not followed out of the folder');
  });
});
