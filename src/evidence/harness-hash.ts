// The harness identity of an evidence bundle (issue 13, point 1): name, version, commit, and one SHA-256 over
// what decided the verdicts: the feature files, the step code and the requirement catalogue that ran. A
// reviewer compares it with the published release's (`nrls-conformance verify` prints both); a supplier can
// still run a modified harness, and this hash is how the difference shows.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { catalogueSourceFile } from '../domain/requirements/catalogue.ts';
import { harnessCommit, packageInfo } from '../runner/package-info.ts';
import { SUITE_ROOT } from '../runner/suite-root.ts';

/** Built (dist/ of the package), the steps are JavaScript. */
const STEP_EXTENSION = import.meta.url.endsWith('.js') ? '.js' : '.ts';

export interface HarnessIdentity {
  name: string;
  version: string;
  commit: string;
  /** SHA-256 (hex) over the sorted `path sha256` lines of the files below. */
  sha256: string;
  /** What it covers, e.g. `features/**\/*.feature, steps/**\/*.ts, spec/nrls-api-1.2.md (93 files)`. */
  covers: string;
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

function filesUnder(dir: string, extension: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path, extension);
    return entry.isFile() && entry.name.endsWith(extension) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The (path, sha256) of every file the harness hash covers, sorted by path; paths use '/'. */
export function harnessFiles(root = SUITE_ROOT): { path: string; sha256: string }[] {
  const catalogue = catalogueSourceFile();
  const files = [
    ...filesUnder(join(root, 'features'), '.feature'),
    ...filesUnder(join(root, 'steps'), STEP_EXTENSION),
    ...(catalogue ? [catalogue] : []),
  ];
  return files
    .map((file) => ({ path: relative(root, file).split(sep).join('/'), sha256: sha256(readFileSync(file)) }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Asked once per process: `verify` compares every bundle with this installation. */
let identityOfThisProcess: HarnessIdentity | undefined;

export function harnessIdentity(): HarnessIdentity {
  if (identityOfThisProcess) return identityOfThisProcess;
  const files = harnessFiles();
  const catalogue = catalogueSourceFile();
  const { name, version } = packageInfo();
  identityOfThisProcess = {
    name,
    version,
    commit: harnessCommit(),
    sha256: sha256(files.map((file) => `${file.path} ${file.sha256}\n`).join('')),
    covers:
      `features/**/*.feature, steps/**/*${STEP_EXTENSION}` +
      `${catalogue ? `, spec/${catalogue.split(sep).pop()}` : ''} (${files.length} files)`,
  };
  return identityOfThisProcess;
}
