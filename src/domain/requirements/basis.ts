// The basis of a check: the spec itself (a requirement at a normative level), one of the project's AMB
// choices (§7 of the catalogue), or a recommendation for the mock (level MOCK-REC). One rule decides, for
// the suite while it runs and for the report when it is built, whether a failed check binds the verdict:
// in a full run every check does; under --spec-only only checks on the spec's own text do, and the rest
// are advisory ("differs from the recommended behaviour").
import { loadCatalogue } from './catalogue.ts';

export type BasisKind = 'spec' | 'amb' | 'mock-rec';

/** Levels at which the spec itself speaks: a target breaking one of these is not conformant. */
export const NORMATIVE_LEVELS: ReadonlySet<string> = new Set(['MUST', 'SHALL', 'SHOULD', 'MAY', 'INHERITED']);

let levels: Map<string, string> | undefined;

/** The catalogue level of a requirement id (MUST, MOCK-REC, INFO, …); undefined for an unknown id. */
export function levelOf(requirementId: string): string | undefined {
  levels ??= new Map(loadCatalogue().requirements.map((requirement) => [requirement.id, requirement.level]));
  return levels.get(requirementId);
}

/**
 * What a step states when its expectation is the catalogue's recommendation for the mock (a MOCK-REC row's
 * text, or a legacy diagnostics it quotes) though the requirement it proves is normative.
 */
export const RECOMMENDATION = 'MOCK-REC';

/**
 * The basis of a check about `requirementId`: its stated AMB choice or recommendation, else the requirement's level.
 */
export function basisOf(requirementId: string, amb: string | undefined): BasisKind {
  if (amb === RECOMMENDATION) return 'mock-rec';
  if (amb) return 'amb';
  return NORMATIVE_LEVELS.has(levelOf(requirementId) ?? '') ? 'spec' : 'mock-rec';
}

/** Whether a failed check about `requirementId` counts against the target (else it is advisory). */
export function binds(requirementId: string, amb: string | undefined, specOnly: boolean): boolean {
  return !specOnly || basisOf(requirementId, amb) === 'spec';
}

/** How a check's basis reads in a report: "spec (MUST)", "AMB-32", "mock recommendation (MOCK-REC)". */
export function describeBasis(requirementIds: readonly string[], amb: string | undefined): string {
  if (amb === RECOMMENDATION) return 'recommendation (MOCK-REC)';
  if (amb) return `our choice ${amb}`;
  const ids = [...requirementIds];
  const spec = ids.filter((id) => basisOf(id, undefined) === 'spec');
  if (spec.length > 0) return `spec (${[...new Set(spec.map((id) => levelOf(id)))].join(', ')})`;
  return `recommendation (${[...new Set(ids.map((id) => levelOf(id) ?? 'unknown'))].join(', ')})`;
}

let citing: Map<string, string[]> | undefined;

/** The requirements whose catalogue rows cite an AMB entry (a facet resting on that AMB is about them). */
export function requirementsCiting(amb: string): readonly string[] {
  if (!citing) {
    citing = new Map();
    for (const requirement of loadCatalogue().requirements) {
      for (const id of requirement.amb) citing.set(id, [...(citing.get(id) ?? []), requirement.id]);
    }
  }
  return citing.get(amb) ?? [];
}
