// Where this copy of the suite lives: the repository, or dist/ of the installed package (features/, steps/
// and the compiled code sit side by side in both). Its own module, without Cucumber, so that verify, the
// harness hash and the client scope can find the features without loading the runner.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SUITE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The client assurance suite (nrls-conformance assure-client): features/client/ with steps/client/. */
export const CLIENT_FEATURES_DIR = join(SUITE_ROOT, 'features', 'client');
