// The scenarios of features/ with the tags each one carries (feature, scenario and Examples tags),
// read with Cucumber's own Gherkin parser: what the coverage check and its tests reason about.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { IdGenerator } from '@cucumber/messages';

export interface PlannedScenario {
  uri: string;
  name: string;
  tags: string[];
}

export function plannedScenarios(featuresDir: string): PlannedScenario[] {
  const newId = IdGenerator.incrementing();
  const parser = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher());
  return readdirSync(featuresDir)
    .filter((name) => name.endsWith('.feature'))
    .sort()
    .flatMap((name) => {
      const uri = join(featuresDir, name);
      const document = parser.parse(readFileSync(uri, 'utf8'));
      return compile({ ...document, uri }, uri, newId).map((pickle) => ({
        uri: name,
        name: pickle.name,
        tags: pickle.tags.map((tag) => tag.name),
      }));
    });
}
