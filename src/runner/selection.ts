// Which scenarios a run selects, decided before anything runs: an expression that does not parse, or one
// that selects nothing, is a configuration error (exit 2) naming the expression, never a green run of
// zero scenarios. The scenarios come from the feature files, read with Cucumber's own Gherkin parser.
import parseTagExpression from '@cucumber/tag-expressions';
import { join } from 'node:path';
import type { ResolvedTarget } from '../target/profile.ts';
import { plannedScenarios, type PlannedScenario } from './feature-tags.ts';
import { PROJECT_ROOT, effectiveTags } from './run-suite.ts';

export class SelectionError extends Error {
  override name = 'SelectionError';
}

export interface Selection {
  /** The expression Cucumber runs with: the user's, less what the target cannot support. */
  effective: string;
  selected: PlannedScenario[];
  total: number;
}

const parse = (expression: string) => parseTagExpression(expression);

export function selectScenarios(
  userTags: string,
  target: ResolvedTarget,
  featuresDir = join(PROJECT_ROOT, 'features'),
): Selection {
  if (userTags.trim() !== '') {
    try {
      parse(userTags);
    } catch (error) {
      throw new SelectionError(
        `--tags ${JSON.stringify(userTags)} is not a tag ` +
          `expression: ` +
          `${(error as Error).message.replace(/^Tag expression "[^"]*" could not be parsed because of /, '')}`,
      );
    }
  }
  const effective = effectiveTags(userTags, target);
  const all = plannedScenarios(featuresDir);
  const matches = effective === '' ? () => true : (tags: string[]) => parse(effective).evaluate(tags);
  const selected = all.filter((scenario) => matches(scenario.tags));
  if (selected.length === 0) {
    const known = new Set(all.flatMap((scenario) => scenario.tags));
    const unknown = [...new Set(userTags.match(/@[^\s()]+/g) ?? [])].filter((tag) => !known.has(tag));
    const hint =
      unknown.length > 0
        ? ` (no scenario has ${unknown.join(', ')}; the areas are ${[...known]
            .filter((tag) => tag.startsWith('@area-'))
            .sort()
            .join(', ')})`
        : '';
    throw new SelectionError(`--tags ${JSON.stringify(userTags)} selects no scenario of the ${all.length}${hint}`);
  }
  return { effective, selected, total: all.length };
}
