// `import { NrlsMockContainer } from 'nrls-conformance/testcontainers'`: our mock NRLS as a testcontainers
// container, for a supplier's own tests of its Provider or Consumer system. It starts the image (built from
// this project's Dockerfile), waits until the mock listens, and hands back its base URL and the identities
// the mock knows (ASIDs, ODS codes, patients), from which requests and JWTs are made.
import { readFileSync } from 'node:fs';
import { AbstractStartedContainer, GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { encodeUnsignedJwt, nrlsClaims } from '../domain/jwt.ts';
import { SCOPE_READ, SCOPE_WRITE } from '../domain/identifiers.ts';

/** The image's default name: set NRLS_MOCK_IMAGE, or pass one, where you tagged it otherwise. */
export const DEFAULT_IMAGE = 'nrls-conformance:latest';
const PORT = 8080;

export interface Actor {
  asid: string;
  ods: string;
  user?: string;
}

/** Who the mock knows: the identities of its fixtures (the same as `nrls-conformance run`'s defaults). */
export interface MockIdentities {
  spineAsid: string;
  consumer: Actor;
  provider: Actor;
  secondProvider: Actor;
  organisations: { author: string; unknown: string };
  patients: { knownWithoutPointers: string; unknown: string };
}

function defaultIdentities(): MockIdentities {
  const profile = JSON.parse(
    readFileSync(new URL('../../fixtures/targets/embedded-mock.json', import.meta.url), 'utf8'),
  ) as MockIdentities & { patients: MockIdentities['patients'] & { forNewPointers?: unknown } };
  const { spineAsid, consumer, provider, secondProvider, organisations, patients } = profile;
  return {
    spineAsid,
    consumer,
    provider,
    secondProvider,
    organisations,
    patients: { knownWithoutPointers: patients.knownWithoutPointers, unknown: patients.unknown },
  };
}

export class NrlsMockContainer extends GenericContainer {
  private readonly mockArgs: string[] = [];

  constructor(image: string = process.env.NRLS_MOCK_IMAGE ?? DEFAULT_IMAGE) {
    super(image);
    this.withExposedPorts(PORT)
      .withWaitStrategy(Wait.forLogMessage(/listening on /))
      .withStartupTimeout(60_000);
  }

  /** Refuse pointers for patients the mock does not know (404), as the live NRLS does (NRLS-CREATE-025). */
  withKnownPatientsOnly(): this {
    this.mockArgs.push('--known-patients-only');
    return this;
  }

  /** Make the mock break one rule on purpose (see the project's mock-server/faults/index.ts). */
  withFault(name: string): this {
    this.mockArgs.push('--fault', name);
    return this;
  }

  override async start(): Promise<StartedNrlsMockContainer> {
    this.withCommand(['mock', '--host', '0.0.0.0', '--port', String(PORT), ...this.mockArgs]);
    return new StartedNrlsMockContainer(await super.start());
  }
}

export class StartedNrlsMockContainer extends AbstractStartedContainer {
  /** The mock's service base, e.g. http://127.0.0.1:32771: pointers are at `${baseUrl}/DocumentReference`. */
  readonly baseUrl: string;
  readonly identities: MockIdentities = defaultIdentities();

  constructor(started: StartedTestContainer) {
    super(started);
    this.baseUrl = `http://${started.getHost()}:${started.getMappedPort(PORT)}`;
  }

  /**
   * The headers NRLS requires of `role`'s request (fromASID, toASID, an unsigned JWT with the claims the
   * mock checks) and Accept JSON: `read` for a search, `write` for a create, supersede or delete.
   */
  headersFor(
    role: 'consumer' | 'provider' | 'secondProvider',
    access: 'read' | 'write' = role === 'consumer' ? 'read' : 'write',
  ): Record<string, string> {
    const actor = this.identities[role];
    const claims = nrlsClaims({
      asid: actor.asid,
      ods: actor.ods,
      scope: access === 'read' ? SCOPE_READ : SCOPE_WRITE,
      audience: `${this.baseUrl}/DocumentReference`,
      ...(actor.user ? { user: actor.user } : {}),
    });
    return {
      fromASID: actor.asid,
      toASID: this.identities.spineAsid,
      Authorization: `Bearer ${encodeUnsignedJwt(claims)}`,
      Accept: 'application/fhir+json',
    };
  }

  /** A target profile for `nrls-conformance run --target FILE` that judges this container. */
  targetProfile(): MockIdentities & { name: string; baseUrl: string } {
    return { name: 'nrls-conformance mock (container)', baseUrl: this.baseUrl, ...this.identities };
  }
}
