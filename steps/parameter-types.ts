// {actor} {defect} {requestDefect} {bodyVariant} {spineCode} {format}: unknown values fail the step,
// listing the known ones, rather than silently not matching.
import { defineParameterType } from '@cucumber/cucumber';
import { BODY_VARIANTS } from './support/bodies.ts';
import { POINTER_DEFECTS } from './support/defects.ts';
import { SPINE_CODES } from './support/expectations.ts';
import { REQUEST_DEFECTS } from './support/request-defects.ts';

function lookup<T extends { name: string }>(kind: string, catalogue: T[], name: string): T {
  const found = catalogue.find((entry) => entry.name === name);
  if (!found) throw new Error(`unknown ${kind} "${name}"; known ${kind}s: ${catalogue.map((entry) => `"${entry.name}"`).join(', ')}`);
  return found;
}

defineParameterType({ name: 'actor', regexp: /second provider|provider|consumer/, transformer: (actor: string) => actor });
defineParameterType({ name: 'format', regexp: /JSON|XML/, transformer: (format: string) => format.toLowerCase() });
defineParameterType({
  name: 'spineCode',
  regexp: /[A-Z_]+/,
  transformer: (code: string) => {
    if (!SPINE_CODES.includes(code)) throw new Error(`unknown Spine code ${code}; known: ${SPINE_CODES.join(', ')}`);
    return code;
  },
});
defineParameterType({ name: 'defect', regexp: /.+/, transformer: (name: string) => lookup('pointer defect', POINTER_DEFECTS, name) });
defineParameterType({ name: 'requestDefect', regexp: /.+/, transformer: (name: string) => lookup('request defect', REQUEST_DEFECTS, name) });
defineParameterType({ name: 'bodyVariant', regexp: /.+/, transformer: (name: string) => lookup('body', BODY_VARIANTS, name) });
