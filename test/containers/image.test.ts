// The container image and testcontainers, for real: the Dockerfile built with the machine's engine
// (podman or docker), the suite run against that image through `run --target-image`, a container that
// never becomes ready, the image's user and health check, and the library example a supplier copies
// (examples/testcontainers). Without an engine (DOCKER_HOST not answering) these tests are skipped with
// the reason; on CI (CI=true, where .ci/run sets podman up) that is a failure.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { ROOT } from '../support/cli.ts';

const IMAGE = 'localhost/nrls-conformance:test';
const LOCAL_BASE = 'localhost/node-base:20';

/** Why no engine can be used here, or undefined when DOCKER_HOST answers a ping. */
async function engineProblem(): Promise<string | undefined> {
  const host = process.env.DOCKER_HOST;
  if (!host?.startsWith('unix://'))
    return (
      `DOCKER_HOST is ${host ? `"${host}", not a unix socket` : 'not set'} ` +
      `(scripts/containers/setup-podman.sh sets up podman)`
    );
  const cli = ['podman', 'docker'].find((name) => spawnSync(name, ['--version']).status === 0);
  if (!cli) return 'neither podman nor docker is installed';
  return new Promise((resolve) => {
    const ping = request({ socketPath: host.slice('unix://'.length), path: '/_ping', timeout: 3000 }, (response) =>
      resolve(response.statusCode === 200 ? undefined : `the engine at ${host} answered ${response.statusCode}`),
    );
    ping.on('error', (error) => resolve(`no engine at ${host}: ${error.message}`));
    ping.on('timeout', () => ping.destroy(new Error('no answer in 3 s')));
    ping.end();
  });
}

const problem = await engineProblem();
const cli = ['podman', 'docker'].find((name) => spawnSync(name, ['--version']).status === 0) ?? 'docker';
const engine = (...args: string[]) =>
  execFileSync(cli, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** Skip with the reason where there is no engine; on CI, fail instead: there the tests must run. */
function needsEngine(t: TestContext): boolean {
  if (!problem) return true;
  if (process.env.CI) assert.fail(`no container engine on CI: ${problem}`);
  t.skip(`no container engine: ${problem}`);
  return false;
}

const work = mkdtempSync(join(tmpdir(), 'nrls-image-'));
after(() => rmSync(work, { recursive: true, force: true }));

function cliRun(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [join(ROOT, 'bin/nrls-conformance.js'), ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 600_000,
  });
}

const containersOf = (image: string) =>
  engine('ps', '-a', '--filter', `ancestor=${image}`, '--format', '{{.ID}}').split('\n').filter(Boolean);

describe('the container image and testcontainers', () => {
  before(() => {
    if (problem) return;
    const base =
      spawnSync(cli, ['image', 'exists', LOCAL_BASE]).status === 0 ||
      spawnSync(cli, ['image', 'inspect', LOCAL_BASE], { stdio: 'ignore' }).status === 0;
    const args = [
      'build',
      ...(cli === 'podman' ? ['--format', 'docker'] : []),
      '-t',
      IMAGE,
      '--build-arg',
      `NRLS_BUILD_COMMIT=${spawnSync('git', ['rev-parse', '--short=12', 'HEAD'], {
        cwd: ROOT,
        encoding: 'utf8',
      }).stdout.trim()}`,
    ];
    if (base) args.push('--build-arg', `NODE_IMAGE=${LOCAL_BASE}`);
    if (process.env.NODE_EXTRA_CA_CERTS) args.push('--secret', `id=npm_ca,src=${process.env.NODE_EXTRA_CA_CERTS}`);
    const started = Date.now();
    execFileSync(cli, [...args, ROOT], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 900_000 });
    const size = Number(engine('image', 'inspect', IMAGE, '--format', '{{.Size}}'));
    console.log(
      `built ${IMAGE} with ${cli} in ${((Date.now() - started) / 1000).toFixed(0)} s` +
        `${base ? ` on ${LOCAL_BASE}` : ''}: ${(size / 1e6).toFixed(0)} MB`,
    );
    // The library is used from the build (the package's entry point is dist/).
    execFileSync(process.execPath, [join(ROOT, 'scripts/build.js')], { stdio: 'ignore' });
  });

  it('runs as an unprivileged user, with a health check, the mock by default', (t) => {
    if (!needsEngine(t)) return;
    const config = JSON.parse(engine('image', 'inspect', IMAGE, '--format', '{{json .Config}}')) as {
      User: string;
      Cmd: string[];
      ExposedPorts: Record<string, unknown>;
    };
    const healthcheck = JSON.parse(engine('image', 'inspect', IMAGE, '--format', '{{json .Config.Healthcheck}}')) as {
      Test?: string[];
    } | null;
    assert.equal(config.User, '1000:1000');
    assert.deepEqual(config.Cmd, ['mock', '--host', '0.0.0.0', '--port', '8080']);
    assert.ok(healthcheck?.Test?.join(' ').includes('fetch'), 'a HEALTHCHECK');
    assert.ok('8080/tcp' in config.ExposedPorts);
    const name = `nrls-health-${process.pid}`;
    engine('run', '-d', '--name', name, IMAGE);
    try {
      for (let tries = 0; !engine('logs', name).includes('listening on') && tries < 50; tries += 1)
        spawnSync('sleep', ['0.2']);
      assert.equal(
        spawnSync(cli, ['healthcheck', 'run', name]).status,
        0,
        'the health check passes once the mock listens',
      );
    } finally {
      engine('rm', '-f', name);
    }
  });

  it('run --target-image judges the mock image: conformant, its log kept, the container gone', (t) => {
    if (!needsEngine(t)) return;
    const out = join(work, 'image-run');
    const result = cliRun(['run', '--target-image', IMAGE, '--quiet', '--out', out]);
    assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
    assert.match(result.stdout, /verdict: CONFORMANT/);
    const folder = join(out, readdirSync(out).find((name) => name !== 'latest')!);
    assert.match(readFileSync(join(folder, 'container.log'), 'utf8'), /^listening on http:\/\/0\.0\.0\.0:8080\//);
    const run = JSON.parse(readFileSync(join(folder, 'assurance.json'), 'utf8')) as {
      run: { target: { name: string; embeddedMock: boolean } };
    };
    assert.equal(run.run.target.name, `${IMAGE} (container)`);
    assert.equal(run.run.target.embeddedMock, false);
    assert.deepEqual(containersOf(IMAGE), [], 'stopped and removed');
  });

  it('Ctrl-C during a run stops the container', async (t) => {
    if (!needsEngine(t)) return;
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin/nrls-conformance.js'), 'run', '--target-image', IMAGE, '--out', join(work, 'interrupted')],
      { cwd: work },
    );
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    for (let tries = 0; !/judging /.test(out) && tries < 300; tries += 1)
      await new Promise((wait) => setTimeout(wait, 100));
    assert.match(out, /judging /, 'the run started');
    child.kill('SIGINT');
    assert.equal(await exited, 130);
    assert.deepEqual(containersOf(IMAGE), [], 'stopped and removed');
  });

  it('the image runs the harness too: reports in the mounted /work/reports', (t) => {
    if (!needsEngine(t)) return;
    const reports = join(work, 'mounted');
    mkdirSync(reports);
    chmodSync(reports, 0o777); // the image's user (uid 1000) writes there
    const result = spawnSync(
      cli,
      ['run', '--rm', '-v', `${reports}:/work/reports`, IMAGE, 'run', '--quiet', '--tags', '@area-lifecycle'],
      { encoding: 'utf8', timeout: 300_000 },
    );
    assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
    assert.match(result.stdout, /verdict: PASSED \(partial/);
    const run = readdirSync(reports).find((name) => name !== 'latest')!;
    assert.ok(existsSync(join(reports, run, 'assurance.html')));
  });

  it('a container that never becomes ready is exit 3 with its last log lines, and is removed', (t) => {
    if (!needsEngine(t)) return;
    const result = cliRun([
      'run',
      '--target-image',
      IMAGE,
      '--target-wait',
      'log:a line the mock never prints',
      '--target-timeout',
      '3',
      '--quiet',
      '--out',
      join(work, 'never'),
    ]);
    assert.equal(result.status, 3, result.stderr);
    assert.match(
      result.stderr,
      new RegExp(
        /did not become ready \(log:a line the mock never prints, within 3 /.source +
          /s\).*its last log lines:\n {2}listening on http:\/\/0\.0\.0\.0:8080\//.source,
        's',
      ),
    );
    assert.deepEqual(containersOf(IMAGE), []);
  });

  it('the library example (examples/testcontainers) passes against the image', (t) => {
    if (!needsEngine(t)) return;
    const example = join(ROOT, 'examples/testcontainers/mock.test.mjs');
    assert.ok(existsSync(example));
    // A run of its own, as a supplier runs it: not a child of this test runner (NODE_TEST_CONTEXT).
    const { NODE_TEST_CONTEXT: _child, ...env } = process.env;
    const result = spawnSync(process.execPath, ['--test', example], {
      cwd: join(ROOT, 'examples/testcontainers'),
      encoding: 'utf8',
      env: { ...env, NRLS_MOCK_IMAGE: IMAGE },
      timeout: 300_000,
    });
    assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
    assert.match(result.stdout, /# pass 2\n# fail 0/);
    assert.deepEqual(containersOf(IMAGE), []);
  });
});
