// Faults of search (§2.3): QUERY_RULES (pipeline/parse-query.ts), SEARCH_RULES (interactions/search.ts),
// the interaction stage, and the searchset Bundle at the HTTP boundary (NRLS-SEARCH-014/015).
import type { FhirResource } from '../../src/domain/stu3-xml.ts';
import type { RequestContext } from '../context.ts';
import { COLLECTION_PATH } from '../pipeline/route.ts';
import { reply } from './answer.ts';
import { combine, fault, rule, stage } from './fault.ts';

type Entry = { fullUrl?: string; resource: FhirResource };

/** A copy of a searchset reply with its Bundle changed by `edit` (given a copy to change). */
const editBundle = (edit: (bundle: FhirResource & { entry?: Entry[] }, ctx: RequestContext) => void) =>
  reply((rendered, ctx) => {
    if (rendered.resource?.resourceType !== 'Bundle') return rendered;
    const bundle = { ...rendered.resource } as FhirResource & { entry?: Entry[] };
    if (bundle.entry) bundle.entry = bundle.entry.map((entry) => ({ ...entry }));
    edit(bundle, ctx);
    return { ...rendered, resource: bundle };
  });

export const SEARCH_FAULTS = {
  'deleted-pointers-found': fault(
    'search',
    ['NRLS-SEARCH-028', 'NRLS-DELETE-010', 'NRLS-DELETE-008', 'NRLS-SEARCH-018'],
    'deleted pointers are still returned by a patient search',
    rule('delete', () => ({ remove: async () => undefined })),
  ),
  'type-filter-ignored': fault(
    'search',
    ['NRLS-SEARCH-006', 'NRLS-SEARCH-004'],
    'the type filter is ignored',
    rule('search', () => ({ typeMatches: () => true })),
  ),
  'custodian-filter-ignored': fault(
    'search',
    ['NRLS-SEARCH-005', 'NRLS-SEARCH-004', 'NRLS-SEARCH-029'],
    'the custodian filter is ignored',
    rule('search', () => ({ custodianMatches: () => true })),
  ),
  'count-with-entries': fault(
    'search',
    ['NRLS-SEARCH-010'],
    '_summary=count returns the entries too',
    stage('performInteraction', (perform) => async (ctx) => {
      await perform(ctx);
      if (ctx.result?.kind === 'searchset') ctx.result = { ...ctx.result, countOnly: false };
    }),
  ),
  'known-patient-not-found': fault(
    'search',
    ['NRLS-SEARCH-017'],
    'a known patient with no pointers gets 404, not an empty Bundle',
    rule('search', (base) => ({
      patientFound: (store, nhsNumber, pointers) =>
        base.patientFound(store, nhsNumber, pointers) && pointers.length > 0,
    })),
  ),
  'unknown-patient-empty-bundle': fault(
    'search',
    ['NRLS-SEARCH-017', 'NRLS-NHS-007'],
    'an unknown patient gets an empty Bundle, not 404',
    rule('search', () => ({ patientFound: () => true })),
  ),
  'bundle-full-url': fault(
    'search',
    ['NRLS-SEARCH-014'],
    'Bundle entries carry fullUrl',
    editBundle((bundle, ctx) => {
      bundle.entry = bundle.entry?.map(({ resource }) => ({
        fullUrl: `${ctx.serviceBase}${COLLECTION_PATH}/${String(resource.id)}`,
        resource,
      }));
    }),
  ),
  'bundle-self-link': fault(
    'search',
    ['NRLS-SEARCH-014'],
    'the Bundle carries a self link',
    editBundle((bundle, ctx) => {
      bundle.link = [{ relation: 'self', url: ctx.requestUrl }];
    }),
  ),
  'current-pointers-only': fault(
    'search',
    ['NRLS-SEARCH-026'],
    'only current pointers are returned (the 2.x rule)',
    rule('search', () => ({ statusReturned: (status) => status === 'current' })),
  ),
  'unknown-parameters-ignored': fault(
    'search',
    ['NRLS-SEARCH-025'],
    'unknown search parameters are ignored',
    rule('query', () => ({ refusesUnknown: () => false })),
  ),
  'subject-optional': fault(
    'search',
    ['NRLS-SEARCH-003', 'NRLS-SEARCH-020'],
    'a search without subject returns every pointer matching the rest',
    combine(
      rule('query', () => ({ searchWithoutSubject: () => ({ by: 'filters' }) })),
      rule('search', (base) => ({
        candidates: (store, query) =>
          query.by === 'filters' ? store.state.DocumentReference : base.candidates(store, query),
      })),
    ),
  ),
  'id-with-other-parameters': fault(
    'search',
    ['NRLS-SEARCH-009'],
    '_id may be combined with other parameters',
    rule('query', () => ({ idAlone: () => true })),
  ),
  'search-version-omitted': fault(
    'search',
    ['NRLS-SEARCH-015'],
    'search results carry no meta.versionId',
    editBundle((bundle) => {
      bundle.entry = bundle.entry?.map(({ resource, ...entry }) => ({
        ...entry,
        resource: { ...resource, meta: { ...(resource.meta as object), versionId: undefined } },
      }));
    }),
  ),
  'unknown-id-empty-bundle': fault(
    'search',
    ['NRLS-SEARCH-018', 'NRLS-DELETE-010'],
    'an _id that matches nothing gets an empty Bundle',
    rule('search', () => ({ unknownId: () => [] })),
  ),
  'non-provider-custodian-filter': fault(
    'search',
    ['NRLS-SEARCH-022', 'NRLS-ODS-002'],
    'a custodian filter may name an organisation without the provider role',
    rule('query', () => ({ custodianFilterable: () => true })),
  ),
  'summary-values-accepted': fault(
    'search',
    ['NRLS-SEARCH-011'],
    'any _summary value is treated as count',
    rule('query', () => ({ summaryAccepted: () => true })),
  ),
};
