// Targets without a profile file: the embedded mock (the default), or a bare URL of a server that uses
// the mock's default identities (the mock started on its own, say).
import { fileURLToPath } from 'node:url';
import { mockConfig, type MockConfig } from '../../mock-server/config.ts';
import { loadFixtures, type Fixtures } from '../../mock-server/fixtures.ts';
import { startMock } from '../../mock-server/server.ts';
import { NO_FAULTS, type Faults } from '../../mock-server/faults/index.ts';
import { loadTargetProfile, withoutUrlCredentials, type ResolvedTarget } from '../target/profile.ts';

export const EMBEDDED_PROFILE = fileURLToPath(new URL('../../fixtures/targets/embedded-mock.json', import.meta.url));

/** A user:password in the URL is taken out and kept as a secret, as in a profile's baseUrl. */
export function targetForUrl(url: string, name?: string): ResolvedTarget {
  const embedded = loadTargetProfile(EMBEDDED_PROFILE);
  const base = withoutUrlCredentials(url, '--target');
  return {
    ...embedded,
    name: name ?? base.url,
    baseUrl: base.url.replace(/\/+$/, ''),
    secrets: [...embedded.secrets, ...base.secrets],
    warnings: base.warnings,
  };
}

export interface EmbeddedMockOptions {
  faults?: Faults;
  /** The default fixtures unless given; the target profile follows their record types. */
  fixtures?: Fixtures;
  reportInternalError?: MockConfig['reportInternalError'];
}

/**
 * The default fixtures with a second record type (Care plan), so that the scenarios tagged
 * @two-record-types run too: the mutation run and the expectation audit judge every scenario.
 */
export function fixturesWithTwoRecordTypes(): Fixtures {
  const fixtures = loadFixtures();
  fixtures.recordTypes.push({
    system: 'http://snomed.info/sct',
    code: '734163000',
    display: 'Care plan (record artifact)',
  });
  return fixtures;
}

/** The mock in this process, on a free loopback port, quiet, with the default fixtures (and any faults). */
export async function startEmbeddedMock(
  options: EmbeddedMockOptions = {},
): Promise<{ target: ResolvedTarget; stop: () => Promise<void> }> {
  const faults = options.faults ?? NO_FAULTS;
  const fixtures = options.fixtures ?? loadFixtures();
  const overrides: Partial<MockConfig> = {
    faults,
    ...(options.reportInternalError ? { reportInternalError: options.reportInternalError } : {}),
  };
  const running = await startMock(mockConfig(fixtures, overrides), { port: 0, host: '127.0.0.1' });
  const name = faults.names.length > 0 ? `embedded mock with faults ${faults.names.join(', ')}` : 'embedded mock';
  return { target: { ...targetForUrl(running.baseUrl, name), recordTypes: fixtures.recordTypes }, stop: running.close };
}
