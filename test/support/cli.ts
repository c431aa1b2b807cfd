// The `nrls-conformance` command as a user runs it: child processes, read from their streams (no sleeps),
// all killed when the test file ends.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, type TestContext } from 'node:test';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Child {
  process: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<Exit>;
}

const children = new Set<ChildProcessWithoutNullStreams>();
after(() => {
  for (const child of children) child.kill('SIGKILL');
});

export function spawnCli(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Child {
  const child = spawn(process.execPath, [`${ROOT}bin/nrls-conformance.js`, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<Exit>((done) =>
    child.on('close', (code, signal) => {
      children.delete(child);
      done({ code, signal, stdout, stderr });
    }),
  );
  return { process: child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Runs a command to its end. */
export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<Exit> {
  return spawnCli(args, options).exited;
}

/** Starts `mock --port 0` (plus args) and resolves with its service base once it prints `listening on`. */
export async function startMockProcess(
  t: TestContext,
  args: string[] = [],
): Promise<{ baseUrl: string; child: Child }> {
  const child = spawnCli(['mock', '--port', '0', '--quiet', ...args]);
  t.after(() => void child.process.kill('SIGKILL'));
  const baseUrl = await new Promise<string>((listening, reject) => {
    const check = () => {
      const found = /^listening on (https?:\/\/\S+?)\/?\n/.exec(child.stdout());
      if (found) {
        child.process.stdout.off('data', check);
        listening(found[1]!);
      }
    };
    child.process.stdout.on('data', check);
    child.exited.then((exit) =>
      reject(new Error(`the mock exited (${exit.code ?? exit.signal}) before listening: ${exit.stderr}`)),
    );
  });
  return { baseUrl, child };
}
