import { FAULT_NAMES, Faults, isFaultName } from './faults.ts';

/** The faults a user named on the command line; an unknown name is an error listing the known ones. */
export function faultsNamed(names: readonly string[]): Faults {
  const unknown = names.filter((name) => !isFaultName(name));
  if (unknown.length > 0) throw new Error(`unknown fault ${unknown.map((name) => `"${name}"`).join(', ')}; known faults: ${FAULT_NAMES.join(', ')}`);
  return new Faults(names.filter(isFaultName));
}
