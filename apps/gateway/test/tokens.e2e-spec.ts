import { Actors, TEST_PRIVATE_KEY, TestSuite } from '@intake/testing';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { decode, sign } from 'jsonwebtoken';
import request from 'supertest';

/** Every way a token can be wrong is refused, and cookies need the CSRF header for unsafe methods. */
describe('access tokens', () => {
  let suite: TestSuite;
  let actors: Actors;
  let kid: string;
  const privateKey = readFileSync(TEST_PRIVATE_KEY);

  beforeAll(async () => {
    suite = await TestSuite.start();
    actors = new Actors(suite);
    const jwks = await request(suite.url).get('/.well-known/jwks.json').expect(200);
    kid = jwks.body.keys[0].kid;
  });
  afterAll(() => suite?.stop());

  const me = (token: string) => request(suite.url).get('/api/auth/me').set('authorization', `Bearer ${token}`);
  const claimsOf = async () => {
    const reader = await actors.user('reader');
    return { reader, claims: decode(reader.token) as Record<string, unknown> };
  };

  it('issues RS256 tokens with kid, iat and an 8-hour expiry, and the JWKS publishes the key', async () => {
    const { reader, claims } = await claimsOf();
    const header = decode(reader.token, { complete: true })?.header;
    expect(header).toMatchObject({ alg: 'RS256', kid });
    expect(claims.exp as number).toBe((claims.iat as number) + 8 * 3600);
    await me(reader.token).expect(200);
    const jwks = await request(suite.url).get('/.well-known/jwks.json').expect(200);
    expect(jwks.body.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid });
    expect(jwks.body.keys[0]).not.toHaveProperty('d');
  });

  it('refuses an expired token', async () => {
    const { claims } = await claimsOf();
    const now = Math.floor(Date.now() / 1000);
    const expired = sign({ ...claims, iat: now - 7200, exp: now - 60 }, privateKey, { algorithm: 'RS256', keyid: kid });
    const res = await me(expired).expect(401);
    expect(res.body.message).toMatch(/expired/);
  });

  it('refuses a token signed with our key but without an expiry, which would never end', async () => {
    const { claims } = await claimsOf();
    const { exp: _exp, ...endless } = claims;
    const res = await me(sign(endless, privateKey, { algorithm: 'RS256', keyid: kid })).expect(401);
    expect(res.body.message).toBe('The token has no expiry; sign in again');
  });

  it('refuses a token whose payload was tampered with', async () => {
    const { reader } = await claimsOf();
    const [head, payload, signature] = reader.token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    await me(`${head}.${forged}.${signature}`).expect(401);
  });

  it('refuses alg none', async () => {
    const { claims } = await claimsOf();
    const unsigned = sign(claims, '', { algorithm: 'none' } as never);
    expect((await me(unsigned).expect(401)).body.message).toBe('Token algorithm must be RS256');
    // Not a JWT at all: said so.
    expect((await me('x').expect(401)).body.message).toBe('The token is malformed: it is not a JWT; sign in again');
  });

  it('refuses HS256 signed with the public key as the secret', async () => {
    const { claims } = await claimsOf();
    const jwks = await request(suite.url).get('/.well-known/jwks.json');
    const { createPublicKey } = await import('node:crypto');
    const publicPem = createPublicKey({ key: jwks.body.keys[0], format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    const confused = sign(claims, publicPem, { algorithm: 'HS256', keyid: kid });
    await me(confused).expect(401);
  });

  it('refuses a token with an unknown kid, even when validly signed by another key', async () => {
    const { claims } = await claimsOf();
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    await me(sign(claims, other, { algorithm: 'RS256', keyid: 'not-our-key' })).expect(401);
    await me(sign(claims, other, { algorithm: 'RS256', keyid: kid })).expect(401);
  });

  it('refuses the token of a deactivated user, and of a deleted one', async () => {
    const admin = await actors.admin();
    const deactivated = await actors.user('operator');
    await me(deactivated.token).expect(200);
    await request(suite.url).patch(`/api/users/${deactivated.user.id}`).set(admin.auth).send({ is_active: false }).expect(200);
    expect((await me(deactivated.token).expect(401)).body.message).toMatch(/deactivated/);

    const deleted = await actors.user('power');
    await request(suite.url).delete(`/api/users/${deleted.user.id}`).set(admin.auth).expect(204);
    expect((await me(deleted.token).expect(401)).body.message).toMatch(/no longer exists/);
  });

  it('sets an httpOnly SameSite=Strict cookie and requires the CSRF header on unsafe cookie requests', async () => {
    const reader = await actors.user('reader');
    const agent = request.agent(suite.url);
    const login = await agent.post('/api/auth/login').send({ username: reader.user.username, password: reader.password }).expect(200);
    const cookies = ([] as string[]).concat(login.headers['set-cookie'] ?? []);
    const tokenCookie = cookies.find((c) => c.startsWith('intake_token='));
    expect(tokenCookie).toMatch(/HttpOnly/);
    expect(tokenCookie).toMatch(/SameSite=Strict/);
    await agent.get('/api/profile').expect(200);
    const noHeader = await agent.put('/api/profile').send({ phone: '+351 900 000 000' }).expect(403);
    expect(noHeader.body.error).toBe('CSRF_TOKEN_INVALID');
    await agent.put('/api/profile').set('x-csrf-token', 'wrong').send({ phone: '1' }).expect(403);
    await agent.put('/api/profile').set('authorization', 'Basic eDp5').send({ phone: '1' }).expect(403);
    const ok = await agent.put('/api/profile').set('x-csrf-token', login.body.csrf_token).send({ phone: '+351 900 000 000' }).expect(200);
    expect(ok.body.phone).toBe('+351 900 000 000');
    await agent.post('/api/auth/logout').set('x-csrf-token', login.body.csrf_token).expect(204);
    await agent.get('/api/profile').expect(401);
  });
});
