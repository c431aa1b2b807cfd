// The harness's own name, version and commit, for `--version` and the run identity. From the repository
// the commit is git's; from the built package (which may sit inside another project's git checkout) it
// is the one the build recorded in dist/build-info.json.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

/** The folder of the package.json named nrls-conformance, above this file. */
function packageRoot(): string {
  for (let dir = HERE; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === 'nrls-conformance')
      return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json of nrls-conformance above ${HERE}`);
  }
}

export const PACKAGE_ROOT = packageRoot();

export function packageInfo(): { name: string; version: string } {
  const { name, version } = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  return { name, version };
}

/** Asked once per process: the mutation run builds hundreds of reports in one. */
let commitOfThisProcess: string | undefined;

export function harnessCommit(): string {
  commitOfThisProcess ??= findHarnessCommit();
  return commitOfThisProcess;
}

function findHarnessCommit(): string {
  const built = join(PACKAGE_ROOT, 'dist', 'build-info.json');
  if (!existsSync(join(PACKAGE_ROOT, '.git'))) {
    return existsSync(built)
      ? (JSON.parse(readFileSync(built, 'utf8')) as { commit: string }).commit
      : 'unknown (not a git checkout)';
  }
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim();
    const commit = git('rev-parse', '--short=12', 'HEAD');
    return git('status', '--porcelain', '--untracked-files=no') ? `${commit} (with uncommitted changes)` : commit;
  } catch {
    return 'unknown (git failed)';
  }
}
