// What building a run's report needs besides the Cucumber messages: who ran what (the identity), the
// catalogue and the reasons some requirements cannot be tested, and the secrets to redact.
import type { Catalogue } from '../domain/requirements/catalogue.ts';
import type { RunIdentity } from './model.ts';
import type { Secret } from './redact.ts';

export interface BuildContext {
  identity: RunIdentity;
  catalogue: Catalogue;
  notTestable: Record<string, string>;
  secrets: readonly Secret[];
  /** Judge the run on part of the catalogue only (a client assurance run); the whole catalogue when absent. */
  scope?: RequirementScope;
}

export interface RequirementScope {
  /**
   * The requirements the run is about (those tagged on the scenarios of the suite it ran, and those its
   * checks are about). A requirement a check failed is always in scope, so a failure can never go unseen.
   */
  requirementIds: readonly string[];
  /** The tag every scenario in scope carries (e.g. `@provider`); other scenarios are not "not run". */
  scenarioTag?: string;
}
