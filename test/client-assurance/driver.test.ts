// The driver file (src/client-assurance/driver.ts): every problem is one line naming the file and the
// field; placeholders are filled or refused; a command's exit code, JSON last line and timeout are read;
// a manual action waits for the request and gives up at timeoutMs.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  DriverError,
  fillPlaceholders,
  loadDriver,
  parseDriver,
  reportedOutcome,
  runAction,
  type Driver,
} from '../../src/client-assurance/driver.ts';

const dir = mkdtempSync(join(tmpdir(), 'driver-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const valid = {
  role: 'provider',
  system: { asid: '200000000118', ods: 'MHT01' },
  timeoutMs: 5000,
  actions: { create: { command: ['node', 'client.mjs', '--base', '{baseUrl}', '--nhs', '{nhsNumber}'] } },
};

const problemOf = (data: unknown, role?: 'provider' | 'consumer') => {
  try {
    parseDriver('/x/my-driver.json', JSON.stringify(data), role);
  } catch (error) {
    assert.ok(error instanceof DriverError, String(error));
    assert.doesNotMatch(error.message, /\n/, 'one line');
    return error.message;
  }
  assert.fail('no problem found');
};

describe('driver file validation', () => {
  it('reads a valid driver, with the default timeout when none is given', () => {
    const { timeoutMs, ...rest } = valid;
    const driver = parseDriver('/x/d.json', JSON.stringify(rest), 'provider');
    assert.equal(driver.timeoutMs, 20_000);
    assert.deepEqual(driver.actions.create, valid.actions.create);
    assert.equal(driver.file, '/x/d.json');
    assert.equal(timeoutMs, 5000);
  });

  it('names the file and the field of each problem', () => {
    assert.match(
      problemOf({ ...valid, actions: { read: { manual: 'x' } } }),
      /^my-driver\.json: actions\.read: unknown action/,
    );
    assert.match(
      problemOf({ ...valid, actions: { create: {} } }),
      /^my-driver\.json: actions\.create: needs "command"/,
    );
    assert.match(
      problemOf({ ...valid, actions: { create: { command: ['node', '{nhs}'] } } }),
      /^my-driver\.json: actions\.create\.command\[1\]: unknown placeholder \{nhs\}/,
    );
    assert.match(
      problemOf({ ...valid, actions: { search: { manual: 'Search {patient}' } } }),
      /^my-driver\.json: actions\.search\.manual: unknown placeholder \{patient\}/,
    );
    assert.match(problemOf(valid, 'consumer'), /^my-driver\.json: role: is "provider" but --role is "consumer"/);
    assert.match(
      problemOf({ ...valid, role: 'consumer', actions: { create: { manual: 'x' } } }),
      /^my-driver\.json: actions\.create: a consumer does not create/,
    );
    assert.match(problemOf({ ...valid, system: { asid: 'abc', ods: 'X' } }), /^my-driver\.json: system\.asid:/);
    assert.match(problemOf({ ...valid, timeoutMs: -1 }), /^my-driver\.json: timeoutMs:/);
    assert.match(problemOf({ ...valid, env: { A: 1 } }), /^my-driver\.json: env\.A: must be a string/);
  });

  it('names a file that is missing or not JSON', () => {
    assert.throws(
      () => loadDriver(join(dir, 'nope.json')),
      /^DriverError: nope\.json: \(file\): cannot be read: ENOENT/,
    );
    writeFileSync(join(dir, 'bad.json'), '{');
    assert.throws(() => loadDriver(join(dir, 'bad.json')), /bad\.json: \(file\): not JSON/);
  });
});

describe('placeholders and what a system reports', () => {
  it('fills every placeholder, and refuses one with no value, naming it', () => {
    assert.equal(
      fillPlaceholders('{baseUrl}/x?{nhsNumber}', { baseUrl: 'http://h', nhsNumber: '9' }, 'd.json'),
      'http://h/x?9',
    );
    assert.equal(
      fillPlaceholders('{"outcome":"found"} {nhsNumber}', { nhsNumber: '9' }, 'd.json'),
      '{"outcome":"found"} 9',
    );
    assert.throws(
      () => fillPlaceholders('{pointerId}', {}, 'd.json: actions.delete'),
      /actions\.delete: no value for \{pointerId\}/,
    );
  });

  it('reads the JSON last non-empty line, and nothing from other output', () => {
    assert.deepEqual(reportedOutcome('log\n{"outcome":"created","pointerId":"abc"}\n\n'), {
      outcome: 'created',
      pointerId: 'abc',
    });
    assert.equal(reportedOutcome('{"outcome":"created"}\nmore log'), undefined);
    assert.equal(reportedOutcome('{"outcome":"maybe"}'), undefined);
  });
});

describe('running an action', () => {
  const script = join(dir, 'sys.mjs');
  writeFileSync(
    script,
    `const [mode, value] = process.argv.slice(2);
     const say = (report) => console.log(JSON.stringify(report));
     const env = process.env.DRIVER_X;
     if (mode === 'ok') { console.log('working'); say({ outcome: 'created', pointerId: value, env }); }
     if (mode === 'fail') { say({ outcome: 'error', spineCode: 'INVALID_RESOURCE' }); process.exit(3); }
     if (mode === 'error-line') console.log(JSON.stringify({ outcome: 'error' }));
     if (mode === 'hang') setTimeout(() => {}, 60000);`,
  );
  const driver = (command: string[], timeoutMs = 5000): Driver => ({
    file: join(dir, 'driver.json'),
    role: 'provider',
    system: { asid: '200000000118', ods: 'MHT01' },
    timeoutMs,
    env: { DRIVER_X: 'from-env' },
    actions: { create: { command } },
  });
  const none = { say: () => {}, arrived: async () => false };

  it('runs the command in the driver folder with the filled values, and reads a success', async () => {
    const result = await runAction(
      driver(['node', 'sys.mjs', 'ok', '{pointerId}']),
      'create',
      { pointerId: 'p-1' },
      none,
    );
    assert.equal(result.mode, 'command');
    if (result.mode !== 'command') return;
    assert.equal(result.exitCode, 0);
    assert.equal(result.reportedSuccess, true);
    assert.equal(result.reported?.pointerId, 'p-1');
    assert.match(result.stdout, /"env":"from-env"/);
  });

  it('reads a non-zero exit, and an "error" outcome with exit 0, as a reported failure', async () => {
    const failed = await runAction(driver(['node', 'sys.mjs', 'fail']), 'create', {}, none);
    assert.ok(failed.mode === 'command' && failed.exitCode === 3 && !failed.reportedSuccess);
    assert.equal(failed.mode === 'command' && failed.reported?.spineCode, 'INVALID_RESOURCE');
    const said = await runAction(driver(['node', 'sys.mjs', 'error-line']), 'create', {}, none);
    assert.ok(said.mode === 'command' && said.exitCode === 0 && !said.reportedSuccess);
  });

  it('stops a command at timeoutMs and says so', async () => {
    const result = await runAction(driver(['node', 'sys.mjs', 'hang'], 400), 'create', {}, none);
    assert.ok(result.mode === 'command');
    assert.equal(result.timedOut, true);
    assert.equal(result.exitCode, null);
    assert.equal(result.reportedSuccess, false);
    assert.ok(result.durationMs < 5000);
  });

  it('shows a manual instruction with its values, waits for the request, and gives up at timeoutMs', async () => {
    const manual: Driver = { ...driver([], 500), actions: { search: { manual: 'Search for {nhsNumber}' } } };
    const lines: string[] = [];
    let polls = 0;
    const arrives = await runAction(
      manual,
      'search',
      { nhsNumber: '9434765919' },
      {
        say: (line) => lines.push(line),
        arrived: async () => ++polls >= 2,
        pollMs: 20,
      },
    );
    assert.deepEqual(arrives.mode === 'manual' && arrives.arrived, true);
    assert.match(lines[0]!, /Search for 9434765919/);
    const never = await runAction(manual, 'search', { nhsNumber: '9434765919' }, { ...none, pollMs: 20 });
    assert.ok(never.mode === 'manual' && !never.arrived && never.durationMs >= 500);
  });
});
