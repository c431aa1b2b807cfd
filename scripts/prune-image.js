#!/usr/bin/env node
// Used by the Dockerfile: takes out of node_modules what the image never reads, to keep it small.
// fhir-stu3 (the npm alias npm:fhir@3.3.1) is read only for two STU3 definition bundles
// (src/domain/stu3-xml.ts); its DSTU1/DSTU2 profiles, other STU3 bundles, XSDs, docs and tests are
// about 120 MB. Tests and docs of any package go too.
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const modules = process.argv[2];
if (!modules) {
  console.error('usage: prune-image.js NODE_MODULES_DIR');
  process.exit(2);
}
const KEEP_STU3 = new Set(['profiles-types.json', 'profiles-resources.json']);
const stu3 = join(modules, 'fhir-stu3');
for (const name of [
  'schemas',
  'docs',
  'test',
  'profiles/dstu1',
  'profiles/dstu2',
  'profiles/dstu1.js',
  'profiles/dstu2.js',
  'profiles/stu3.js',
]) {
  rmSync(join(stu3, name), { recursive: true, force: true });
}
for (const name of readdirSync(join(stu3, 'profiles/stu3'))) {
  if (!KEEP_STU3.has(name)) rmSync(join(stu3, 'profiles/stu3', name), { recursive: true, force: true });
}
let removed = 0;
function prune(dir, depth) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (!statSync(path).isDirectory()) continue;
    if (depth > 0 && /^(test|tests|__tests__|docs|example|examples|\.github)$/.test(name)) {
      rmSync(path, { recursive: true, force: true });
      removed += 1;
    } else prune(path, depth + 1);
  }
}
prune(modules, 0);
console.log(`pruned fhir-stu3 to its two STU3 bundles and ${removed} test, doc and example folders`);
