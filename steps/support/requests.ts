// The interactions as requests: what each When step sends, so setup and actions build them one way.
import type { Identifier, Pointer } from '../../src/domain/pointer.ts';
import type { RequestShape } from '../../src/target/client-request.ts';
import { serialisePointer, type Body } from './bodies.ts';
import type { WireFormat } from './formats.ts';

export type { RequestShape };

export const COLLECTION = '/DocumentReference';

export function createRequest(pointer: Pointer, format: WireFormat): RequestShape {
  return bodyRequest(serialisePointer(pointer, format));
}

export function bodyRequest(body: Body): RequestShape {
  return { method: 'POST', path: COLLECTION, body: body.text, contentType: body.contentType };
}

export function searchRequest(query: [string, string][]): RequestShape {
  return { method: 'GET', path: COLLECTION, query };
}

export function deleteByIdRequest(id: string): RequestShape {
  return { method: 'DELETE', path: COLLECTION, query: [['_id', id]] };
}

export function deleteByMasterIdentifierRequest(subject: string, master: Identifier): RequestShape {
  return {
    method: 'DELETE',
    path: COLLECTION,
    query: [
      ['subject', subject],
      ['identifier', `${master.system}|${master.value}`],
    ],
  };
}
