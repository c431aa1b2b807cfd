// The mock on a real port: opens the store, composes the app, listens.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMockApp, type MockApp } from './app.ts';
import type { MockConfig } from './config.ts';
import { openStore } from './store/open-store.ts';
import { preloadStu3 } from '../src/domain/stu3-xml.ts';
import { answerClientError } from './http-errors.ts';

export interface RunningMock {
  app: MockApp;
  server: Server;
  /** The service base, e.g. `http://127.0.0.1:8080/nrls-ri`. */
  baseUrl: string;
  close(): Promise<void>;
}

export async function startMock(config: MockConfig, listen: { port: number; host: string }): Promise<RunningMock> {
  preloadStu3();
  const store = await openStore(config);
  const app = createMockApp(config, store);
  const server = createServer(app.handle);
  server.on('clientError', answerClientError);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  return {
    app,
    server,
    baseUrl: `http://${host}:${port}${config.basePath}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
