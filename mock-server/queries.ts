// What the query parameters of a search (§2.3) or a delete (§2.4) ask for: read by
// pipeline/parse-query.ts, carried on the RequestContext, answered by interactions/.

export type SearchQuery =
  | { by: 'id'; id: string }
  | {
      by: 'subject';
      nhsNumber: string;
      custodian?: string;
      type?: { system: string; code: string };
      countOnly: boolean;
    }
  /** Only under the subject-optional fault (faults/search.ts): every pointer matching the filters. */
  | { by: 'filters'; custodian?: string; type?: { system: string; code: string } };

/** A search by patient (or, under a fault, by filters only): what custodian and type narrow. */
export type PatientSearch = Exclude<SearchQuery, { by: 'id' }>;

export type DeleteQuery =
  | { by: 'id'; id: string }
  | { by: 'masterIdentifier'; nhsNumber: string; system: string; value: string };
