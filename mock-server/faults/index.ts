// The registry of named faults (the mutation run, `--fault NAME`): each area's variants, and the
// selection a mock runs with. app.ts applies the selected ones; no stage or rule asks about them.
import type { FaultSelection } from '../config.ts';
import type { Variant } from '../rules.ts';
import { AUTHORISATION_FAULTS } from './authorisation.ts';
import { BODY_FAULTS } from './body.ts';
import { CREATE_FAULTS } from './create.ts';
import { DELETE_FAULTS } from './delete.ts';
import type { Fault } from './fault.ts';
import { FORMAT_FAULTS } from './format.ts';
import { HEADER_FAULTS } from './headers.ts';
import { JWT_FAULTS } from './jwt.ts';
import { OUTCOME_FAULTS } from './outcome.ts';
import { PROFILE_FAULTS } from './profile.ts';
import { SEARCH_FAULTS } from './search.ts';
import { SUPERSEDE_FAULTS } from './supersede.ts';
import { UNSUPPORTED_FAULTS } from './unsupported.ts';

export type { Fault, FaultSpec } from './fault.ts';

export const FAULTS = {
  ...HEADER_FAULTS,
  ...JWT_FAULTS,
  ...AUTHORISATION_FAULTS,
  ...FORMAT_FAULTS,
  ...CREATE_FAULTS,
  ...PROFILE_FAULTS,
  ...SUPERSEDE_FAULTS,
  ...SEARCH_FAULTS,
  ...DELETE_FAULTS,
  ...UNSUPPORTED_FAULTS,
  ...OUTCOME_FAULTS,
  ...BODY_FAULTS,
} satisfies Record<string, Fault>;

export type FaultName = keyof typeof FAULTS;
export const FAULT_NAMES = Object.keys(FAULTS) as FaultName[];

export function isFaultName(name: string): name is FaultName {
  return Object.hasOwn(FAULTS, name);
}

/** The faults a mock runs with: none unless named. */
export class Faults implements FaultSelection {
  private readonly active: ReadonlySet<FaultName>;

  constructor(names: readonly FaultName[] = []) {
    this.active = new Set(names);
  }

  has(name: FaultName): boolean {
    return this.active.has(name);
  }

  get names(): FaultName[] {
    return [...this.active];
  }
}

export const NO_FAULTS = new Faults();

/** The faults a user named on the command line; an unknown name is an error listing the known ones. */
export function faultsNamed(names: readonly string[]): Faults {
  const unknown = names.filter((name) => !isFaultName(name));
  if (unknown.length > 0) {
    throw new Error(
      `unknown fault ${unknown.map((name) => `"${name}"`).join(', ')}; known faults: ${FAULT_NAMES.join(', ')}`,
    );
  }
  return new Faults(names.filter(isFaultName));
}

/** The variants of the named faults, for app.ts. */
export function variantsNamed(names: readonly string[]): Variant[] {
  return faultsNamed(names).names.map((name) => FAULTS[name]);
}
