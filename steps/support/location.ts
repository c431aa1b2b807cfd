import type { Exchange } from '../../src/report/exchange.ts';
import { fail } from './fhir-checks.ts';

/** The logical id in a create's Location, `…/DocumentReference?_id=<id>` (NRLS-CREATE-007, AMB-52). */
export function createdIdOf(exchange: Exchange): string {
  const location = exchange.response?.headers.location;
  if (!location) return fail(exchange, 'a Location header', 'none');
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    return fail(exchange, 'a Location that is an absolute URL', JSON.stringify(location));
  }
  const id = url.searchParams.get('_id');
  if (!url.pathname.endsWith('/DocumentReference') || !id) {
    return fail(exchange, 'a Location of the form https://[host]/[path]/DocumentReference?_id=[id]', location);
  }
  return id;
}
