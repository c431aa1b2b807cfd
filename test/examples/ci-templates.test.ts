// The CI templates a supplier copies (examples/ci/): valid YAML; every nrls-conformance command in them
// uses options the CLI has; the target profile they read loads (its secret from the environment); and they
// keep the reports and publish the JUnit file the run writes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { JUNIT_FILE, RUN_USAGE } from '../../src/cli/run.ts';
import { loadTargetProfile } from '../../src/target/profile.ts';
import { ROOT } from '../support/cli.ts';

const CI = join(ROOT, 'examples/ci');
const RUN_OPTIONS = new Set([...RUN_USAGE.matchAll(/^ {2}(--[a-z-]+)/gm)].map(([, option]) => option!));

/** Every string in a parsed YAML document. */
const stringsOf = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : Array.isArray(value)
      ? value.flatMap(stringsOf)
      : value && typeof value === 'object'
        ? Object.values(value).flatMap(stringsOf)
        : [];

describe('the CI templates (examples/ci)', () => {
  for (const file of ['github-actions.yml', 'gitlab-ci.yml']) {
    it(
      // biome-ignore lint/style/useTemplate: two parts only to keep the line within 120 characters
      `${file}: YAML whose nrls-conformance commands use ` + `options the CLI has, keeping the reports and the JUnit`,
      () => {
        const document = parse(readFileSync(join(CI, file), 'utf8')) as unknown;
        const commands = stringsOf(document).filter((text) => text.includes('nrls-conformance@'));
        assert.ok(commands.length > 0, 'runs the suite');
        for (const command of commands) {
          const options = [...command.matchAll(/(?:^|\s)(--[a-z-]+)/g)]
            .map(([, option]) => option!)
            .filter((option) => option !== '--yes');
          assert.deepEqual(
            options.filter((option) => !RUN_OPTIONS.has(option)),
            [],
            command,
          );
          assert.match(command, / run /);
          assert.match(command, /--target ci\/nrls-target\.json/);
        }
        const text = stringsOf(document).join('\n');
        assert.match(
          text,
          new RegExp(`reports/2\\*/${JUNIT_FILE.replace('.', '\\.')}`),
          'publishes the requirement JUnit file of the run folder',
        );
        assert.match(text, /reports\//, 'keeps the run folders');
      },
    );
  }

  it('nrls-target.json loads, its secret header read from the environment', () => {
    process.env.NRLS_API_KEY = 'ci-template-key-12345';
    try {
      const target = loadTargetProfile(join(CI, 'nrls-target.json'));
      assert.equal(target.headers['X-Api-Key'], 'ci-template-key-12345');
      assert.ok(target.secrets.some((secret) => secret.value === 'ci-template-key-12345'));
      assert.deepEqual(target.patients.forNewPointers, ['9876543210', '4000000004', '4000000012']);
    } finally {
      delete process.env.NRLS_API_KEY;
    }
  });
});
