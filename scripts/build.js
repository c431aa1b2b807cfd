#!/usr/bin/env node
// `npm run build`: the TypeScript of src/, mock-server/ and steps/ compiled to dist/ (tsc, imports
// rewritten to .js), with the files they read at run time copied beside them at the same relative paths:
// the feature files, the fixtures, the requirement catalogue and the report schema, and the catalogue's
// text (spec/nrls-api-1.2.md), which every run folder gets a copy of for its report to link to. The package
// ships dist/; bin/nrls-conformance.js runs it with plain node.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const finalDist = join(root, 'dist');
// Built beside dist/ and swapped in at the end: two builds at once (the package and image tests) never see
// each other's half-built or emptied dist/, and a failed build leaves the last good one.
const dist = join(root, `dist.building-${process.pid}`);

rmSync(dist, { recursive: true, force: true });
const tsc = spawnSync(
  process.execPath,
  [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', dist],
  { stdio: 'inherit' },
);
if (tsc.status !== 0) {
  rmSync(dist, { recursive: true, force: true });
  process.exit(tsc.status ?? 1);
}

function filesUnder(dir, keep) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, keep) : keep(path) ? [path] : [];
  });
}

const assets = [
  ...filesUnder(join(root, 'features'), (path) => path.endsWith('.feature')),
  ...filesUnder(join(root, 'fixtures'), (path) => path.endsWith('.json')),
  ...filesUnder(join(root, 'src'), (path) => path.endsWith('.json')),
  ...filesUnder(join(root, 'mock-server'), (path) => path.endsWith('.json')),
  // Only the text the requirements were extracted from (catalogue.json's `source`): the rest of spec/ is
  // reference material for the project.
  join(root, 'spec', JSON.parse(readFileSync(join(root, 'src/domain/requirements/catalogue.json'), 'utf8')).source),
];
for (const file of assets) {
  const target = join(dist, relative(root, file));
  mkdirSync(dirname(target), { recursive: true });
  cpSync(file, target);
}
// The commit the package was built from: an installed package may sit inside another project's git checkout.
// Without git (an image build), the commit comes from NRLS_BUILD_COMMIT (the Dockerfile's build argument).
const git = (...args) => spawnSync('git', args, { cwd: root, encoding: 'utf8' });
const head = git('rev-parse', '--short=12', 'HEAD');
const dirty = head.status === 0 && git('status', '--porcelain', '--untracked-files=no').stdout.trim() !== '';
const commit =
  head.status === 0
    ? `${head.stdout.trim()}${dirty ? ' (with uncommitted changes)' : ''}`
    : process.env.NRLS_BUILD_COMMIT || 'unknown (built outside git)';
writeFileSync(join(dist, 'build-info.json'), `${JSON.stringify({ commit }, null, 2)}\n`);
const old = `${finalDist}.old-${process.pid}`;
if (existsSync(finalDist)) renameSync(finalDist, old);
renameSync(dist, finalDist);
rmSync(old, { recursive: true, force: true });
const built = relative(process.cwd(), finalDist) || 'dist';
console.log(`built ${built}: compiled TypeScript and ${assets.length} data files`);
