// `run --target-image`: a supplier's NRLS shipped as an image, started with testcontainers, judged like any
// other target, its logs kept as evidence, and always stopped. testcontainers is imported only here, and
// only when an image is asked for.
import type { Readable } from 'node:stream';

export interface TargetImageOptions {
  image: string;
  /** The port the service listens on inside the container. */
  port: number;
  env: Record<string, string>;
  /** `http:PATH` (any HTTP answer at PATH), `log:TEXT` (a log line containing TEXT); default `http:/`. */
  wait: string;
  startupTimeoutMs: number;
}

export class TargetImageError extends Error {
  constructor(
    message: string,
    readonly lastLogLines: string[] = [],
  ) {
    super(message);
  }
}

export interface StartedTarget {
  /** http://127.0.0.1:<mapped port>, the service root. */
  baseUrl: string;
  logs: () => string;
  stop: () => Promise<void>;
}

/** `K=V` pairs (repeatable option) as an environment; one clear error naming the bad one. */
export function parseTargetEnv(pairs: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at < 1) throw new TargetImageError(`--target-env "${pair}" is not NAME=VALUE`);
    env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return env;
}

/** `http:PATH` or `log:TEXT`: checked before anything starts. */
export function checkWait(wait: string): void {
  if (!/^http:\/\S*$/.test(wait) && !/^log:.+$/.test(wait))
    throw new TargetImageError(`--target-wait "${wait}" must be http:/PATH or log:TEXT`);
}

const LAST_LINES = 20;

export async function startTargetImage(options: TargetImageOptions): Promise<StartedTarget> {
  checkWait(options.wait);
  const { GenericContainer, Wait } = await import('testcontainers');
  let log = '';
  const consume = (stream: Readable) => stream.on('data', (chunk: Buffer | string) => (log += chunk.toString()));
  const wait = options.wait.startsWith('log:')
    ? Wait.forLogMessage(options.wait.slice('log:'.length))
    : Wait.forHttp(options.wait.slice('http:'.length), options.port).forStatusCodeMatching((status) => status >= 100);
  const container = new GenericContainer(options.image)
    .withExposedPorts(options.port)
    .withEnvironment(options.env)
    .withWaitStrategy(wait)
    .withStartupTimeout(options.startupTimeoutMs)
    .withLogConsumer(consume);
  try {
    const started = await container.start();
    return {
      baseUrl: `http://${started.getHost()}:${started.getMappedPort(options.port)}`,
      logs: () => log,
      stop: async () => {
        await started.stop({ timeout: 5_000 }).catch(() => undefined);
      },
    };
  } catch (error) {
    const message = (error as Error).message.split('\n')[0]!;
    const engine = /container runtime strategy|connect ENOENT|ECONNREFUSED.*sock/i.test(message);
    throw new TargetImageError(
      engine
        ? `no container engine answered (set DOCKER_HOST to a Docker or podman socket): ${message}`
        : `${options.image} did not become ready (${options.wait}, within ${options.startupTimeoutMs / 1000} ` +
            `s): ${message}`,
      log.trimEnd().split('\n').filter(Boolean).slice(-LAST_LINES),
    );
  }
}
