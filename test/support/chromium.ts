// Headless Chromium for the tests that look at a page as a person would (the inspector, the report, the
// comparison): found on the PATH, run with the flags the machine needs, its script run before the DOM is
// dumped or the screenshot taken. CI installs it (.ci/run); a test file without it fails on CI and is
// skipped elsewhere, with the reason.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

function findChromium(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter))
    for (const name of ['chromium', 'chromium-browser', 'google-chrome'])
      if (dir && existsSync(join(dir, name))) return join(dir, name);
  return undefined;
}

export const CHROMIUM = findChromium();

/** A describe's `skip`: false with Chromium; without it the reason, or (on CI) an error naming the file. */
export function chromiumSkip(testFile: string): false | string {
  if (CHROMIUM) return false;
  if (process.env.CI) throw new Error(`${testFile} needs Chromium (chromium on the PATH; CI installs it with apt-get)`);
  return 'Chromium is not installed (CI installs it; locally: apt-get install chromium)';
}

/**
 * Chromium on `url` with its script run (a virtual-time budget), then `extra`'s work: `--dump-dom` (the
 * result is the DOM) or `--screenshot=FILE --window-size=W,H`. A profile of its own, removed after.
 */
export function runChromium(url: string, extra: string[], timeoutMs = 90_000): Promise<string> {
  if (!CHROMIUM) return Promise.reject(new Error('Chromium is not installed'));
  const profile = mkdtempSync(join(tmpdir(), 'nrls-chromium-'));
  const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'];
  args.push(`--user-data-dir=${profile}`, '--virtual-time-budget=3000', ...extra, url);
  return new Promise((resolve, reject) => {
    const child = spawn(CHROMIUM, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      rmSync(profile, { recursive: true, force: true });
      if (code === 0) resolve(out);
      else reject(new Error(`chromium exited ${code}: ${err.slice(-500)}`));
    });
  });
}
