// The target profile's secrets: every extra header is one unless marked public (in each of its forms),
// a header value the schema does not know is refused naming the field, and a user:password in a base URL
// (a profile's or --target's) is taken out of the URL the harness uses and kept as a secret.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { targetForUrl } from '../../src/runner/targets.ts';
import { EXAMPLE_PROFILE } from '../../src/target/example-profile.ts';
import { stripJsonComments } from '../../src/target/jsonc.ts';
import {
  TargetProfileError,
  checkTargetProfile,
  loadTargetProfile,
  resolveTarget,
  withoutUrlCredentials,
  type HeaderValue,
} from '../../src/target/profile.ts';
import { profileFor } from '../support/profile.ts';

const PROFILE = profileFor('https://nrls.example.nhs.uk/nrls');

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'nrls-profile-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const resolved = (profile: object, dir = '/nonexistent') =>
  resolveTarget(checkTargetProfile(profile, 'p.json'), 'p.json', dir);
const refusal = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof TargetProfileError, String(error));
    return error.message;
  }
  assert.fail('not refused');
};

describe('target profile: extra headers are secrets unless marked public', () => {
  const SECRET = 'key-0123456789abcdef';
  const CASES: [string, HeaderValue, boolean][] = [
    ['a plain string', SECRET, true],
    ['{ value }', { value: SECRET }, true],
    ['{ env }', { env: 'NRLS_TEST_HEADER' }, true],
    ['{ file }', { file: 'header.txt' }, true],
    ['{ value, public: false }', { value: SECRET, public: false }, true],
    ['{ value, public: true }', { value: SECRET, public: true }, false],
    ['{ env, public: true }', { env: 'NRLS_TEST_HEADER', public: true }, false],
    ['{ file, public: true }', { file: 'header.txt', public: true }, false],
  ];
  for (const [form, value, secret] of CASES) {
    it(`${form} is sent${secret ? ' and redacted' : ' as it is'}`, (t) => {
      const dir = tempDir(t);
      writeFileSync(join(dir, 'header.txt'), `${SECRET}\n`);
      process.env.NRLS_TEST_HEADER = SECRET;
      t.after(() => delete process.env.NRLS_TEST_HEADER);
      const target = resolved({ ...PROFILE, headers: { 'X-Api-Key': value } }, dir);
      assert.deepEqual(target.headers, { 'X-Api-Key': SECRET });
      assert.deepEqual(target.secrets, secret ? [{ name: 'headers.X-Api-Key', value: SECRET }] : []);
    });
  }

  it('a secret header too short to redact safely is refused, naming the field and not the value', () => {
    const message = refusal(() => resolved({ ...PROFILE, headers: { 'X-Debug': '1' } }));
    assert.match(
      message,
      new RegExp(
        /^p\.json: headers\.X-Debug is secret \(every header is, unless /.source +
          /marked public\) but only 1 characters long.*"public": true/.source,
      ),
    );
    assert.deepEqual(resolved({ ...PROFILE, headers: { 'X-Debug': { value: '1', public: true } } }).headers, {
      'X-Debug': '1',
    });
  });

  const BAD: [string, unknown, RegExp][] = [
    [
      'public alone',
      { public: true },
      /^p\.json: headers\.X-Api-Key must be a string, or an object with exactly one of "value", "env" or "file"/,
    ],
    [
      'two sources',
      { value: 'abcdefgh', env: 'NAME' },
      /^p\.json: headers\.X-Api-Key must be a string, or an object with exactly one of/,
    ],
    ['a number', 12, /^p\.json: headers\.X-Api-Key must be a string, or an object/],
    ['an unknown field', { value: 'abcdefgh', publik: true }, /^p\.json: headers\.X-Api-Key: unknown field "publik"$/],
    [
      'public not a boolean',
      { value: 'abcdefgh', public: 'yes' },
      /^p\.json: headers\.X-Api-Key\.public must be boolean$/,
    ],
    ['an empty value', { value: '' }, /^p\.json: headers\.X-Api-Key\.value must NOT have fewer than 1 characters$/],
    ['an empty string', '', /^p\.json: headers\.X-Api-Key must NOT have fewer than 1 characters$/],
  ];
  for (const [name, value, reason] of BAD) {
    it(`a header value with ${name} is refused, naming the field`, () => {
      assert.match(
        refusal(() => checkTargetProfile({ ...PROFILE, headers: { 'X-Api-Key': value } }, 'p.json')),
        reason,
      );
    });
  }

  it('a header name with a slash is named as written', () => {
    assert.match(
      refusal(() => checkTargetProfile({ ...PROFILE, headers: { 'X/Y': { public: true } } }, 'p.json')),
      /^p\.json: headers\.X\/Y must be/,
    );
  });

  it(
    'the example profile of `init` loads with its headers example ' +
      'uncommented: the key secret, the correlation id public',
    (t) => {
      const dir = tempDir(t);
      const text = EXAMPLE_PROFILE.replace(/^ {2}\/\/ ("headers"|\s+"X-|\s*},)/gm, '  $1');
      assert.notEqual(text, EXAMPLE_PROFILE);
      writeFileSync(join(dir, 'target.json'), text);
      process.env.NRLS_CONSUMER_USER = 'https://fhir.nhs.uk/Id/sds-role-profile-id|555021935107';
      process.env.NRLS_API_KEY = 'api-key-0123456789';
      t.after(() => {
        delete process.env.NRLS_CONSUMER_USER;
        delete process.env.NRLS_API_KEY;
      });
      assert.ok(JSON.parse(stripJsonComments(text)).headers, 'the headers example is live');
      const target = loadTargetProfile(join(dir, 'target.json'));
      assert.deepEqual(target.headers, {
        'X-Api-Key': 'api-key-0123456789',
        'X-Correlation-Id': 'supplier-int-assurance',
      });
      assert.deepEqual(target.secrets.map((secret) => secret.name).sort(), ['consumer.user', 'headers.X-Api-Key']);
    },
  );
});

describe('base URL credentials: taken out, kept as secrets, never sent', () => {
  const CASES: [string, string, string, { name: string; value: string; alsoAs?: string[] }[]][] = [
    ['no userinfo', 'https://nrls.example.nhs.uk/nrls', 'https://nrls.example.nhs.uk/nrls', []],
    [
      'user:password',
      'https://user:s3cret-pass@nrls.example.nhs.uk/nrls',
      'https://nrls.example.nhs.uk/nrls',
      [
        { name: 'baseUrl.userinfo', value: 'user:s3cret-pass', alsoAs: ['user:s3cret-pass'] },
        { name: 'baseUrl.password', value: 's3cret-pass', alsoAs: ['s3cret-pass'] },
      ],
    ],
    [
      'percent-encoded',
      'http://us%40er:p%2Fss%3Aw0rd%21@127.0.0.1:8080/',
      'http://127.0.0.1:8080/',
      [
        { name: 'baseUrl.userinfo', value: 'us@er:p/ss:w0rd!', alsoAs: ['us%40er:p%2Fss%3Aw0rd%21'] },
        { name: 'baseUrl.password', value: 'p/ss:w0rd!', alsoAs: ['p%2Fss%3Aw0rd%21'] },
      ],
    ],
    [
      'a token in the user name',
      'https://ghp_token0123456789@host.example/x',
      'https://host.example/x',
      [{ name: 'baseUrl.userinfo', value: 'ghp_token0123456789', alsoAs: ['ghp_token0123456789'] }],
    ],
    [
      'a short password: only the whole userinfo',
      'http://user:pw@host.example',
      'http://host.example',
      [{ name: 'baseUrl.userinfo', value: 'user:pw', alsoAs: ['user:pw'] }],
    ],
    [
      'an @ in the userinfo (the last @ ends it)',
      'http://a@b:c@d-password@host.example/p?q=x@y',
      'http://host.example/p?q=x@y',
      [
        { name: 'baseUrl.userinfo', value: 'a@b:c@d-password', alsoAs: ['a@b:c@d-password'] },
        { name: 'baseUrl.password', value: 'c@d-password', alsoAs: ['c@d-password'] },
      ],
    ],
    ['an @ in the path only', 'http://host.example/a@b', 'http://host.example/a@b', []],
    [
      'an IPv6 host',
      'http://user:password1@[::1]:8080/nrls',
      'http://[::1]:8080/nrls',
      [
        { name: 'baseUrl.userinfo', value: 'user:password1', alsoAs: ['user:password1'] },
        { name: 'baseUrl.password', value: 'password1', alsoAs: ['password1'] },
      ],
    ],
  ];
  for (const [name, url, expected, secrets] of CASES) {
    it(`${name}: ${url}`, () => {
      const out = withoutUrlCredentials(url, 'p.json');
      assert.equal(out.url, expected);
      assert.deepEqual(out.secrets, secrets);
      assert.equal(out.warnings.length, secrets.length > 0 ? 1 : 0);
      const parsed = new URL(out.url);
      assert.equal(parsed.username + parsed.password, '', 'Node would send nothing as Basic');
      for (const secret of out.warnings)
        assert.ok(!secrets.some((s) => secret.includes(s.value)), 'the warning names no secret');
    });
  }

  it('a URL whose userinfo hides from the split is refused rather than sent', () => {
    assert.match(
      refusal(() => withoutUrlCredentials('http:///user:password@host.example/', 'p.json')),
      /^p\.json: baseUrl has a user name or password the harness cannot take out/,
    );
  });

  it('a profile: the resolved base URL, the default name and the secrets carry no userinfo', () => {
    const target = resolved({ ...PROFILE, baseUrl: 'https://supplier:hunter2-hunter2@nrls.example.nhs.uk/nrls/' });
    assert.equal(target.baseUrl, 'https://nrls.example.nhs.uk/nrls');
    assert.equal(target.name, 'https://nrls.example.nhs.uk/nrls/');
    assert.deepEqual(
      target.secrets.map((secret) => secret.name),
      ['baseUrl.userinfo', 'baseUrl.password'],
    );
    assert.match(target.warnings![0]!, /^p\.json: baseUrl has a user name or password: it is not sent/);
  });

  it('--target URL: the same', () => {
    const target = targetForUrl('http://supplier:hunter2-hunter2@127.0.0.1:9/');
    assert.equal(target.baseUrl, 'http://127.0.0.1:9');
    assert.equal(target.name, 'http://127.0.0.1:9/');
    assert.deepEqual(
      target.secrets.map((secret) => secret.name),
      ['baseUrl.userinfo', 'baseUrl.password'],
    );
    assert.match(target.warnings![0]!, /^--target: baseUrl has a user name or password: it is not sent/);
  });
});
