// Targets without a profile file: the embedded mock (the default), or a bare URL of a server that uses
// the mock's default identities (the mock started on its own, say).
import { fileURLToPath } from 'node:url';
import { mockConfig } from '../../mock-server/config.ts';
import { loadFixtures } from '../../mock-server/fixtures.ts';
import { startMock } from '../../mock-server/server.ts';
import { loadTargetProfile, type ResolvedTarget } from '../target/profile.ts';

export const EMBEDDED_PROFILE = fileURLToPath(new URL('../../fixtures/targets/embedded-mock.json', import.meta.url));

export function targetForUrl(baseUrl: string, name = baseUrl): ResolvedTarget {
  return { ...loadTargetProfile(EMBEDDED_PROFILE), name, baseUrl: baseUrl.replace(/\/+$/, '') };
}

/** The mock in this process, on a free loopback port, quiet, with the default fixtures. */
export async function startEmbeddedMock(): Promise<{ target: ResolvedTarget; stop: () => Promise<void> }> {
  const running = await startMock(mockConfig(loadFixtures()), { port: 0, host: '127.0.0.1' });
  return { target: targetForUrl(running.baseUrl, 'embedded mock'), stop: running.close };
}
