#!/usr/bin/env node
// The house limit of 120 characters a line, for the code Biome formats (its lineWidth wraps code but not
// a long string or comment). Feature files are left out: their steps and Examples quote the catalogue's
// diagnostics texts exactly, and a Gherkin step cannot be wrapped. Prints each longer line as
// file:line (length) and exits 1 if there is any.  Run: node scripts/line-length.js
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const MAX_LINE = 120;
const root = new URL('..', import.meta.url).pathname;
const FOLDERS = ['src', 'mock-server', 'steps', 'test', 'scripts', 'bench', 'bin', 'examples'];
const CHECKED = /\.(ts|js|mjs)$/;
const SKIPPED = new Set(['node_modules', 'dist', 'reports', 'fixtures']);

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    if (SKIPPED.has(name)) return [];
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : CHECKED.test(name) ? [path] : [];
  });
}

const files = [...FOLDERS.flatMap((folder) => filesUnder(join(root, folder))), join(root, 'cucumber.mjs')].filter(
  (file) => {
    try {
      return statSync(file).isFile();
    } catch {
      return false;
    }
  },
);
let over = 0;
for (const file of files) {
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      // Characters, not UTF-16 units: "✖" and "›" count once.
      const length = [...line].length;
      if (length <= MAX_LINE) return;
      over += 1;
      console.log(`${relative(root, file)}:${index + 1} (${length} characters)`);
    });
}
console.log(`line length: ${over} lines over ${MAX_LINE} characters in ${files.length} files`);
process.exit(over === 0 ? 0 : 1);
