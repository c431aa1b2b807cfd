// One server for the benchmarks, in its own process: the mock (in memory) with N synthetic pointers,
// plain json-server 0.17.4 over the same pointers, or a bare node:http server answering a fixed body.
// Prints `ready <port>` once it listens. Usage: server-process.ts <mock|json-server|bare> <pointers> [body] [work µs]
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import jsonServer from 'json-server';
import { createMockApp } from '../mock-server/app.ts';
import { mockConfig } from '../mock-server/config.ts';
import { loadFixtures } from '../mock-server/fixtures.ts';
import { PointerStore } from '../mock-server/store/pointer-store.ts';
import { preloadStu3 } from '../src/domain/stu3-xml.ts';
import { syntheticStore } from './synthetic-store.ts';

const [kind, count, bareBody] = process.argv.slice(2);
const pointers = Number(count ?? 10_000);

function listen(handler: Parameters<typeof createServer>[1]) {
  const server = createServer(handler);
  server.keepAliveTimeout = 30_000;
  server.listen(0, '127.0.0.1', () => process.stdout.write(`ready ${(server.address() as AddressInfo).port}\n`));
}

if (kind === 'bare') {
  const body = Buffer.from(bareBody ?? '{}');
  // Optional CPU per request, in µs: how the ceiling falls once the server, not the client, is the
  // slower side (each response must then wake the sleeping client).
  const workMs = Number(process.argv[5] ?? 0) / 1000;
  listen((_req, res) => {
    if (workMs > 0) for (const until = performance.now() + workMs; performance.now() < until; );
    res.writeHead(200, { 'Content-Type': 'application/fhir+json;charset=utf-8', 'Content-Length': body.length });
    res.end(body);
  });
} else if (kind === 'json-server') {
  const app = jsonServer.create();
  app.use(jsonServer.defaults({ logger: false }));
  app.use(jsonServer.router(syntheticStore(pointers).state));
  listen(app);
} else if (kind === 'mock') {
  preloadStu3();
  const synthetic = syntheticStore(pointers);
  const fixtures = loadFixtures();
  const app = createMockApp(
    mockConfig(fixtures),
    new PointerStore({ ...synthetic.state, knownPatients: synthetic.patients.map((id) => ({ id })) }),
  );
  listen(app.handle);
} else {
  process.stderr.write(`unknown server kind ${kind}\n`);
  process.exit(2);
}

// Exit cleanly on SIGINT, so that `node --cpu-prof` writes its profile (profiling the benchmarks).
process.on('SIGINT', () => process.exit(0));

// The live heap for the soak run: collect garbage (with --expose-gc), then report what is left.
process.on('SIGUSR2', () => {
  (globalThis as { gc?: () => void }).gc?.();
  process.stdout.write(`heap ${process.memoryUsage().heapUsed}\n`);
});
