#!/usr/bin/env node
// Import cycles among the project's own modules (src/, mock-server/, steps/): every relative import,
// type-only ones included (a cycle of types is still two modules that cannot be read apart). Prints each
// cycle once as a path of files and exits 1 if there is any. Run by npm test.
//   node scripts/import-cycles.js
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const DIRS = ['src', 'mock-server', 'steps'];

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory()
      ? filesUnder(path)
      : /\.(ts|mjs|js)$/.test(name) && !name.endsWith('.d.ts')
        ? [path]
        : [];
  });
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;
const files = DIRS.flatMap((dir) => filesUnder(join(root, dir)));
const known = new Set(files);
const edges = new Map(
  files.map((file) => {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(IMPORT)]
      .map(([, from, dynamic]) => resolve(dirname(file), from ?? dynamic))
      .filter((target) => known.has(target));
    return [file, [...new Set(targets)]];
  }),
);

// Tarjan's strongly connected components: every component of more than one module is a cycle.
let index = 0;
const stack = [];
const state = new Map();
const components = [];
function visit(file) {
  state.set(file, { index, low: index, onStack: true });
  index += 1;
  stack.push(file);
  for (const next of edges.get(file)) {
    if (!state.has(next)) {
      visit(next);
      state.get(file).low = Math.min(state.get(file).low, state.get(next).low);
    } else if (state.get(next).onStack) state.get(file).low = Math.min(state.get(file).low, state.get(next).index);
  }
  if (state.get(file).low === state.get(file).index) {
    const component = [];
    let member;
    do {
      member = stack.pop();
      state.get(member).onStack = false;
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || edges.get(file).includes(file)) components.push(component);
  }
}
for (const file of files) if (!state.has(file)) visit(file);

for (const component of components)
  console.log(
    `✖ import cycle: ${component
      .map((file) => relative(root, file))
      .sort()
      .join(' ↔ ')}`,
  );
console.log(`import cycles: ${components.length} among ${files.length} modules of ${DIRS.join(', ')}`);
process.exitCode = components.length === 0 ? 0 : 1;
