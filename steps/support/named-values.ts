// The values a step may name from a catalogue (pointer defects, request defects, bodies, searches,
// deletions): the regexp of each parameter type is built from the names, so that an unknown name matches no
// step; unknownNameIn says which names there are (the Before hook fails such a scenario with it).
import { BODY_VARIANTS } from './bodies.ts';
import { POINTER_DEFECTS } from './defects.ts';
import { REQUEST_DEFECTS } from './request-defects.ts';
import { DELETIONS, SEARCHES } from './searches.ts';

/** The patients a setup step may create a pointer for. */
export const PATIENTS = ['a new patient', 'that patient', 'the known patient with no pointers'] as const;
export type Patient = (typeof PATIENTS)[number];

export const ACTORS = ['second provider', 'provider', 'consumer'];
const ACTOR = `(?:${ACTORS.join('|')})`;

interface NamedValues {
  /** What the scenarios call the values. */
  kind: string;
  names: readonly string[];
  /** The steps that take one, less the value: a step that starts so names a value of this kind. */
  step: RegExp;
}

/** The other steps that start as a search or a delete does (actions.steps.ts): not about a named value. */
const OTHER_SEARCHES = '(?!another resource type$|for the patient (?:accepting|with _format) ")';
const OTHER_DELETES = '(?!the pointer at its own URL$)';

/** Each catalogue a step parameter names values from. */
export const NAMED_VALUES = {
  defect: { kind: 'pointer defect', names: POINTER_DEFECTS.map((d) => d.name), step: /^it has (.+)$/ },
  requestDefect: { kind: 'request defect', names: REQUEST_DEFECTS.map((d) => d.name), step: /^the request has (.+)$/ },
  bodyVariant: { kind: 'body', names: BODY_VARIANTS.map((b) => b.name), step: new RegExp(`^the ${ACTOR} sends (.+)$`) },
  search: {
    kind: 'search',
    names: SEARCHES.map((search) => search.name),
    step: new RegExp(`^the ${ACTOR} searches ${OTHER_SEARCHES}(.+)$`),
  },
  deletion: {
    kind: 'deletion',
    names: DELETIONS.map((deletion) => deletion.name),
    step: new RegExp(`^the ${ACTOR} deletes ${OTHER_DELETES}(.+)$`),
  },
} as const satisfies Record<string, NamedValues>;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A regexp that matches exactly the names (longest first, so that no name stops at a shorter one). */
export function namesRegExp(names: readonly string[]): RegExp {
  return new RegExp(
    [...names]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|'),
  );
}

/** The entry named `name`; anything else is an error that lists the known names. */
export function lookup<T extends { name: string }>(kind: string, catalogue: readonly T[], name: string): T {
  const found = catalogue.find((entry) => entry.name === name);
  if (!found)
    throw new Error(
      unknownMessage(
        kind,
        catalogue.map((entry) => entry.name),
        name,
      ),
    );
  return found;
}

function unknownMessage(kind: string, names: readonly string[], name: string): string {
  return `unknown ${kind} "${name}"; known: ${names.map((known) => `"${known}"`).join(', ')}`;
}

/**
 * Why a step's text names a value no catalogue knows, or undefined. A step that starts as one that takes
 * a named value but names none of its values (a typo, say) is undefined to Cucumber; this says which
 * values it could have named. Steps with other endings ("searches for the patient accepting …") are not
 * about a catalogue value and are left alone.
 */
export function unknownNameIn(text: string): string | undefined {
  for (const { kind, names, step } of Object.values(NAMED_VALUES)) {
    const name = step.exec(text)?.[1];
    if (name !== undefined && !names.includes(name)) return `the step "${text}": ${unknownMessage(kind, names, name)}`;
  }
  return undefined;
}
