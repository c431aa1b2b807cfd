// What a client assurance run of one role judges (`assure-client`): the role's scenarios, those its tags
// select, and the requirement ids of its scenarios and core rules, which its report's matrix holds. `verify`
// rebuilds a client run's report with the same scope. No Cucumber here: features are read as text.
import parseTagExpression from '@cucumber/tag-expressions';
import { plannedScenarios } from '../runner/feature-tags.ts';
import { CLIENT_FEATURES_DIR } from '../runner/suite-root.ts';
import type { ClientRole } from './recorded-exchange.ts';
import { coreRulesFor } from './rules.ts';

export function roleScope(role: ClientRole, userTags: string) {
  const roleTag = `@${role}`;
  const all = plannedScenarios(CLIENT_FEATURES_DIR).filter((scenario) => scenario.tags.includes(roleTag));
  const expression = userTags.trim() === '' ? undefined : parseTagExpression(userTags);
  const selected = all.filter((scenario) => !expression || expression.evaluate(scenario.tags));
  const requirementIds = [
    ...new Set([
      ...all.flatMap((scenario) => scenario.tags.filter((tag) => /^@NRLS-/.test(tag)).map((tag) => tag.slice(1))),
      // The role's core rules (not those of optional features it may never use: coreRulesFor).
      ...coreRulesFor(role).flatMap((rule) => rule.requirements),
    ]),
  ];
  const effective = [roleTag, ...(userTags.trim() ? [`(${userTags})`] : [])].join(' and ');
  return { roleTag, all, selected, requirementIds, effective };
}
