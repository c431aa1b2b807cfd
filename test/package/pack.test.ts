// The package as a user gets it: `npm pack` (which builds dist/), the tarball installed into an empty
// folder with production dependencies only, then the installed command: --version, a whole run against
// the embedded mock (reports in the user's folder), and the mock on a free port. Prints the start-up
// times it sees (figures, not assertions: speed is a benchmark's business).
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROOT } from '../support/cli.ts';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const work = mkdtempSync(join(tmpdir(), 'nrls-pack-'));
after(() => rmSync(work, { recursive: true, force: true }));
const project = join(work, 'project');
const bin = join(project, 'node_modules', '.bin', 'nrls-conformance');
const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
let tarball = '';

function installed(args: string[], timeout = 600_000) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: project, encoding: 'utf8', timeout });
}

describe('the npm package, installed into an empty project with production dependencies only', () => {
  before(() => {
    const packed = execFileSync(NPM, ['pack', '--silent', '--pack-destination', work], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    tarball = join(work, packed.trim().split('\n').pop()!);
    execFileSync('mkdir', ['-p', project]);
    writeFileSync(join(project, 'package.json'), '{ "name": "supplier-project", "private": true }\n');
    execFileSync(NPM, ['install', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error', tarball], {
      cwd: project,
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 600_000,
    });
  });

  it('ships the compiled code, the feature files and the catalogue, and no tests, sources or reports', () => {
    const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
    assert.ok(files.includes('package/bin/nrls-conformance.js'));
    assert.ok(files.includes('package/dist/src/cli/main.js'));
    assert.ok(files.includes('package/dist/src/domain/requirements/catalogue.json'));
    assert.ok(
      files.includes('package/dist/spec/nrls-api-1.2.md'),
      'the catalogue text, for the reports to copy and link',
    );
    assert.deepEqual(
      files.filter((file) => file.includes('/spec/')),
      ['package/dist/spec/nrls-api-1.2.md'],
      'none of the rest of spec/',
    );
    assert.ok(files.includes('package/dist/features/create.feature'));
    assert.ok(files.includes('package/LICENSE'));
    const stray = files.filter(
      (file) =>
        /^package\/(test|src|steps|mock-server|scripts|bench|reports|fixtures)\//.test(file) ||
        (/\.ts$/.test(file) && !file.endsWith('.d.ts')),
    );
    assert.deepEqual(stray, []);
  });

  it('--version names the package and its version, without TypeScript at run time', () => {
    assert.ok(!existsSync(join(project, 'node_modules', 'tsx')), 'tsx is not installed with the package');
    const result = installed(['--version']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, `nrls-conformance ${version}\n`);
    const times = [1, 2, 3, 4, 5].map(() => {
      const started = process.hrtime.bigint();
      installed(['--help']);
      return Number(process.hrtime.bigint() - started) / 1e6;
    });
    console.log(`installed --help: median ${times.sort((a, b) => a - b)[2]!.toFixed(0)} ms of 5`);
  });

  it('run --quiet judges the embedded mock: exit 0, reports under the current folder', () => {
    const result = installed(['run', '--quiet']);
    assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
    assert.match(result.stdout, /verdict: CONFORMANT/);
    const runs = readdirSync(join(project, 'reports')).filter((name) => name !== 'latest');
    assert.equal(runs.length, 1);
    const run = JSON.parse(readFileSync(join(project, 'reports', runs[0]!, 'assurance.json'), 'utf8')) as {
      verdict: string;
      run: { harness: { version: string; commit: string } };
    };
    assert.equal(run.verdict, 'conformant');
    assert.equal(run.run.harness.version, version);
    assert.doesNotMatch(run.run.harness.commit, /^unknown/, 'the commit the package was built from');
    assert.ok(
      !existsSync(join(project, 'node_modules', 'nrls-conformance', 'reports')),
      'nothing written inside the package',
    );
    // The report links to the catalogue copied beside it from the installed package.
    assert.equal(
      readFileSync(join(project, 'reports', runs[0]!, 'nrls-api-1.2.md'), 'utf8'),
      readFileSync(join(ROOT, 'spec', 'nrls-api-1.2.md'), 'utf8'),
    );
    assert.ok(
      readFileSync(join(project, 'reports', runs[0]!, 'assurance.html'), 'utf8').includes(
        '<a href="nrls-api-1.2.md">nrls-api-1.2.md</a>',
      ),
    );
  });

  it('mock --port 0 listens on a free port and answers', async () => {
    const child = spawn(process.execPath, [bin, 'mock', '--port', '0', '--quiet'], { cwd: project });
    try {
      const base = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          out += chunk;
          const found = /listening on (http:\/\/\S+?)\/?\n/.exec(out);
          if (found) resolve(found[1]!);
        });
        child.on('exit', (code) => reject(new Error(`the mock exited with ${code} before listening`)));
      });
      const response = await fetch(
        `${base}/DocumentReference` +
          '?subject=https%3A%2F%2Fdemographics.spineservices.nhs.uk%2FSTU3%2FPatient%2F9000000033',
        { headers: { Accept: 'application/fhir+json' } },
      );
      assert.equal(response.status, 400, 'a request without headers or token is refused with an OperationOutcome');
      assert.equal(((await response.json()) as { resourceType: string }).resourceType, 'OperationOutcome');
    } finally {
      child.kill('SIGKILL');
    }
  });
});
