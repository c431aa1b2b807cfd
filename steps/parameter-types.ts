// {actor} {patient} {format} {spineCode} {spineCodes} {amb} {defect} {requestDefect} {bodyVariant} {search}
// {deletion}.
// A parameter named from a catalogue matches only the catalogue's names (support/named-values.ts), so a
// step with an unknown name is undefined rather than taken by another step; the Before hook then fails
// its scenario naming the known values.
import { defineParameterType } from '@cucumber/cucumber';
import { RECOMMENDATION } from '../src/domain/requirements/basis.ts';
import { loadCatalogue } from '../src/domain/requirements/catalogue.ts';
import { BODY_VARIANTS } from './support/bodies.ts';
import { POINTER_DEFECTS } from './support/defects.ts';
import { SPINE_CODES } from './support/expectations.ts';
import { ACTORS, NAMED_VALUES, PATIENTS, lookup, namesRegExp } from './support/named-values.ts';
import { REQUEST_DEFECTS } from './support/request-defects.ts';
import { DELETIONS, SEARCHES } from './support/searches.ts';

function spineCode(code: string): string {
  if (!SPINE_CODES.includes(code)) {
    throw new Error(`unknown Spine code ${code}; known: ${SPINE_CODES.join(', ')}`);
  }
  return code;
}

const AMBIGUITIES = new Set(loadCatalogue().ambiguities.map((ambiguity) => ambiguity.id));

defineParameterType({ name: 'actor', regexp: namesRegExp(ACTORS), transformer: (actor: string) => actor });
defineParameterType({ name: 'patient', regexp: namesRegExp(PATIENTS), transformer: (patient: string) => patient });
defineParameterType({ name: 'format', regexp: /JSON|XML/, transformer: (format: string) => format.toLowerCase() });
defineParameterType({ name: 'spineCode', regexp: /[A-Z_]+/, transformer: spineCode });
defineParameterType({
  name: 'spineCodes',
  regexp: /[A-Z_]+(?: or [A-Z_]+)*/,
  transformer: (codes: string) => codes.split(' or ').map(spineCode),
});
// ", as AMB-nn recommends" (one of the project's choices where the spec is silent or contradicts itself),
// ", as the catalogue recommends" (a recommendation for the mock the catalogue makes, MOCK-REC) or ", as
// this project recommends" (a hardening no catalogue row asks for): the basis of the facets a step judges.
defineParameterType({
  name: 'amb',
  regexp: /AMB-\d{2}|the catalogue|this project/,
  transformer: (id: string) => {
    if (id === 'the catalogue' || id === 'this project') return RECOMMENDATION;
    if (!AMBIGUITIES.has(id)) {
      throw new Error(`${id} is not an ambiguity of the catalogue (§7 lists AMB-01 to AMB-${AMBIGUITIES.size})`);
    }
    return id;
  },
});
const CATALOGUES = {
  defect: POINTER_DEFECTS,
  requestDefect: REQUEST_DEFECTS,
  bodyVariant: BODY_VARIANTS,
  search: SEARCHES,
  deletion: DELETIONS,
} as const;
type Catalogue = [keyof typeof CATALOGUES, readonly { name: string }[]];
for (const [name, catalogue] of Object.entries(CATALOGUES) as Catalogue[]) {
  const { kind, names } = NAMED_VALUES[name];
  const transformer = (value: string) => lookup(kind, catalogue, value);
  defineParameterType({ name, regexp: namesRegExp(names), transformer });
}
