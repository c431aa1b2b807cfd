#!/usr/bin/env node
// Entry point for `npx nrls-conformance`. In a checkout of the repository, the TypeScript sources through
// tsx (so a stale build is never what runs); in the installed package, which ships no sources, the
// compiled JavaScript of dist/ (npm run build).
import { existsSync } from 'node:fs';

// A reader that stops early (`nrls-conformance verify … | head`) closes the pipe: the rest of the output has
// nowhere to go, which is no error of the command's.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const sources = new URL('../src/cli/main.ts', import.meta.url);
let main;
if (existsSync(sources)) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(sources.href));
} else {
  ({ main } = await import(new URL('../dist/src/cli/main.js', import.meta.url).href));
}
process.exitCode = await main(process.argv.slice(2));
