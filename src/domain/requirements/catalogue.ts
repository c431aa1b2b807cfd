// The requirements catalogue of NRLS 1.2.x (extracted from the spec by scripts/extract-requirements.ts)
// and the recorded reasons why some testable requirements cannot be proved over the API.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Requirement {
  id: string;
  level: string;
  levelText: string;
  summary: string;
  area: string;
  section: string;
  amb: string[];
}

export interface Ambiguity {
  id: string;
  topic: string;
  recommendation: string;
}

export interface Catalogue {
  spec: string;
  source: string;
  requirements: Requirement[];
  ambiguities: Ambiguity[];
}

/** Levels a scenario must cover unless a reason is recorded (the "testable" requirements). */
export const TESTABLE_LEVELS = new Set(['MUST', 'SHALL', 'SHOULD', 'INHERITED', 'MOCK-REC']);

const json = (file: string) => JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8'));

export function loadCatalogue(): Catalogue {
  return json('./catalogue.json') as Catalogue;
}

/**
 * The catalogue text the requirements were extracted from (`source`), as this copy of the harness ships it:
 * spec/ of the project, or dist/spec/ of the built package (scripts/build.js copies it there). Undefined
 * when it is missing, so that a report can still be written without it.
 */
export function catalogueSourceFile(): string | undefined {
  const file = fileURLToPath(new URL(`../../../spec/${loadCatalogue().source}`, import.meta.url));
  return existsSync(file) ? file : undefined;
}

/** id → why it cannot be tested over the API. */
export function loadNotTestableReasons(): Record<string, string> {
  const { $comment: _comment, ...reasons } = json('./not-testable.json') as Record<string, string>;
  return reasons;
}

/** Why a requirement at a non-testable level is not judged. */
export function levelReason(level: string): string | undefined {
  switch (level) {
    case 'INFO':
      return 'INFO: context in the spec, not a requirement a server can be tested for';
    case 'LEGACY':
      return 'LEGACY: only in unlisted or commented-out material, not normative for 1.2.x';
    default:
      return undefined;
  }
}
