// fast-check arbitraries for the fuzz run: whole HTTP requests for the in-process mock. Each starts
// from a valid request (request.ts) and breaks it: create bodies (bodies.ts: JSON and XML mutated from
// valid pointers), the NRLS headers (headers.ts), the JWT (jwt.ts), and query strings with the odd
// request path (queries.ts). Sizes stay within the mock's limits mostly and go past them sometimes:
// bodies past the 1 MB limit, heads past Node's 16 KB. Importers use this module only.
export { bodyRequest } from './bodies.ts';
export { headerRequest } from './headers.ts';
export { jwtRequest } from './jwt.ts';
export { contentTypeFor } from './media-types.ts';
export { queryRequest } from './queries.ts';
export { describeRequest, validPointer, type FuzzRequest } from './request.ts';
export { elementKey, hostileJson, hostileString } from './values.ts';
