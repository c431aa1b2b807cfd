// {actor} {defect} {requestDefect} {bodyVariant} {spineCode} {spineCodes} {amb} {format}: unknown values
// fail the step, listing the known ones, rather than silently not matching.
import { defineParameterType } from '@cucumber/cucumber';
import { RECOMMENDATION } from '../src/domain/requirements/basis.ts';
import { loadCatalogue } from '../src/domain/requirements/catalogue.ts';
import { BODY_VARIANTS } from './support/bodies.ts';
import { POINTER_DEFECTS } from './support/defects.ts';
import { SPINE_CODES } from './support/expectations.ts';
import { REQUEST_DEFECTS } from './support/request-defects.ts';

function lookup<T extends { name: string }>(kind: string, catalogue: T[], name: string): T {
  const found = catalogue.find((entry) => entry.name === name);
  if (!found) throw new Error(`unknown ${kind} "${name}"; known ${kind}s: ${catalogue.map((entry) => `"${entry.name}"`).join(', ')}`);
  return found;
}

function spineCode(code: string): string {
  if (!SPINE_CODES.includes(code)) throw new Error(`unknown Spine code ${code}; known: ${SPINE_CODES.join(', ')}`);
  return code;
}

const AMBIGUITIES = new Set(loadCatalogue().ambiguities.map((ambiguity) => ambiguity.id));

defineParameterType({ name: 'actor', regexp: /second provider|provider|consumer/, transformer: (actor: string) => actor });
defineParameterType({ name: 'format', regexp: /JSON|XML/, transformer: (format: string) => format.toLowerCase() });
defineParameterType({ name: 'spineCode', regexp: /[A-Z_]+/, transformer: spineCode });
defineParameterType({ name: 'spineCodes', regexp: /[A-Z_]+(?: or [A-Z_]+)*/, transformer: (codes: string) => codes.split(' or ').map(spineCode) });
// ", as AMB-nn recommends" (one of the project's choices where the spec is silent or contradicts itself),
// ", as the catalogue recommends" (a recommendation for the mock the catalogue makes, MOCK-REC) or ", as
// this project recommends" (a hardening no catalogue row asks for): the basis of the facets a step judges.
defineParameterType({
  name: 'amb',
  regexp: /AMB-\d{2}|the catalogue|this project/,
  transformer: (id: string) => {
    if (id === 'the catalogue' || id === 'this project') return RECOMMENDATION;
    if (!AMBIGUITIES.has(id)) throw new Error(`${id} is not an ambiguity of the catalogue (§7 lists AMB-01 to AMB-${AMBIGUITIES.size})`);
    return id;
  },
});
defineParameterType({ name: 'defect', regexp: /.+/, transformer: (name: string) => lookup('pointer defect', POINTER_DEFECTS, name) });
defineParameterType({ name: 'requestDefect', regexp: /.+/, transformer: (name: string) => lookup('request defect', REQUEST_DEFECTS, name) });
defineParameterType({ name: 'bodyVariant', regexp: /.+/, transformer: (name: string) => lookup('body', BODY_VARIANTS, name) });
