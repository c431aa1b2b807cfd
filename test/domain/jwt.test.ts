import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bearerToken, decodeJwt, encodeUnsignedJwt, nrlsClaims } from '../../src/domain/jwt.ts';

describe('unsecured JWTs', () => {
  it('NRLS-JWT-003, NRLS-JWT-004: three base64url sections, alg none, an empty signature and a trailing dot', () => {
    const token = encodeUnsignedJwt({ sub: 'x' });
    assert.match(token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.$/);
    assert.deepEqual(decodeJwt(token), { header: { alg: 'none', typ: 'JWT' }, payload: { sub: 'x' }, signature: '' });
  });

  it('NRLS-JWT-006: a token is valid for five minutes from iat', () => {
    const claims = nrlsClaims({ asid: '1', ods: 'A', scope: 's', audience: 'a', now: 1_700_000_000_000 });
    assert.equal(claims.iat, 1_700_000_000);
    assert.equal(claims.exp, 1_700_000_300);
  });

  it('NRLS-JWT-009, NRLS-JWT-026: anything but three decodable JSON sections is not a JWT', () => {
    for (const bad of ['', 'abc', 'a.b', 'a.b.c.d', '!!.e30.', 'e30.!!.', 'e30.bm90IGpzb24.', '.e30.'])
      assert.equal(decodeJwt(bad), undefined, bad);
  });

  it('NRLS-JWT-007 (AMB-54): the Bearer scheme in any case, or none', () => {
    for (const value of ['Bearer t.o.', 'BEARER t.o.', 'bearer  t.o.', 't.o.'])
      assert.equal(bearerToken(value), 't.o.');
  });
});
