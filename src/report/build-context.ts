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
}
