// The mock on a real port: opens the store, composes the app, listens.
import { createServer, type Server } from 'node:http';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createMockApp, type MockApp } from './app.ts';
import type { MockConfig } from './config.ts';
import { openStore } from './store/open-store.ts';
import { preloadStu3 } from '../src/domain/stu3-xml.ts';
import { answerClientError } from './http-errors.ts';

export interface RunningMock {
  app: MockApp;
  server: Server | TlsServer;
  /** The service base, e.g. `http://127.0.0.1:8080/nrls-ri` (`https://` with TLS). */
  baseUrl: string;
  close(): Promise<void>;
}

/** PEM contents. With a CA the mock requires a client certificate that chains to it (mutual TLS). */
export interface MockTls {
  cert: string;
  key: string;
  ca?: string;
}

/**
 * How long a client may take. A slow client (a head sent a byte at a time, a body that never ends) is
 * answered 408 and disconnected once its time is up, so it cannot hold connections open for ever.
 */
export interface MockTimeouts {
  /** To receive the request head. */
  headersMs: number;
  /** To receive the whole request, head and body. */
  requestMs: number;
  /** An idle kept-alive connection is closed after this. */
  keepAliveMs: number;
  /** How often Node looks for clients past their time. */
  checkEveryMs: number;
}

export const DEFAULT_TIMEOUTS: MockTimeouts = {
  headersMs: 10_000,
  requestMs: 30_000,
  keepAliveMs: 5_000,
  checkEveryMs: 1_000,
};

export interface MockListen {
  port: number;
  host: string;
  tls?: MockTls;
  timeouts?: MockTimeouts;
}

export async function startMock(config: MockConfig, listen: MockListen): Promise<RunningMock> {
  preloadStu3();
  const store = await openStore(config);
  const app = createMockApp(config, store);
  const { tls, timeouts = DEFAULT_TIMEOUTS } = listen;
  const limits = {
    connectionsCheckingInterval: timeouts.checkEveryMs,
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
  };
  // NRLS-SEC-001: TLS 1.2 or later; an unauthorised client is refused in the handshake.
  const server = tls
    ? createTlsServer(
        {
          ...limits,
          cert: tls.cert,
          key: tls.key,
          ca: tls.ca,
          requestCert: !!tls.ca,
          rejectUnauthorized: !!tls.ca,
          minVersion: 'TLSv1.2',
        },
        app.handle,
      )
    : createServer(limits, app.handle);
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
    baseUrl: `${tls ? 'https' : 'http'}://${host}:${port}${config.basePath}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
