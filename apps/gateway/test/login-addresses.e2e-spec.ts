import { Actors, TestSuite } from '@intake/testing';
import request from 'supertest';

/**
 * The lockout by client address: guesses from many addresses lock an account everywhere but where
 * its owner signs in, and never lock a password change made with a live session. Client addresses
 * come from X-Forwarded-For (as behind a proxy), so one test can come from many; the window is long,
 * so a slow machine cannot let failures expire mid-test.
 */
describe('login lockout by client address', () => {
  let suite: TestSuite;
  let actors: Actors;

  beforeAll(async () => {
    suite = await TestSuite.start({ env: { LOGIN_MAX_FAILURES: '3', LOGIN_MAX_ACCOUNT_FAILURES: '9', LOGIN_LOCKOUT_WINDOW_SECONDS: '900', TRUST_PROXY: 'loopback' } });
    actors = new Actors(suite);
  });
  afterAll(() => suite?.stop());

  it('keeps the owner signing in from their usual address, and changing their password, while guesses from elsewhere lock the account', async () => {
    const owner = await actors.user('operator');
    const from = (address: string, password: string) => request(suite.url).post('/api/auth/login').set('x-forwarded-for', address).send({ username: owner.user.username, password });
    const guessFrom = async (addresses: string[]) => {
      for (const address of addresses) {
        for (let i = 0; i < 3; i++) await from(address, `guess-${i}-password`).expect(401);
        // Each address is locked after its own three.
        await from(address, 'guess-3-password').expect(429);
      }
    };
    await from('203.0.113.10', owner.password).expect(200);
    await guessFrom(['198.51.100.1', '198.51.100.2', '198.51.100.3']);
    // Nine failures in all, what the account takes from everywhere: a new address is refused even the right password.
    expect((await from('198.51.100.99', owner.password).expect(429)).body.error).toBe('ACCOUNT_LOCKED');
    // A password change with a live session is not locked by failures from elsewhere; it starts the count again.
    await request(suite.url).put('/api/profile').set(owner.auth).send({ current_password: owner.password, new_password: 'inverno chuvoso em Braga' }).expect(200);
    await guessFrom(['198.51.100.4', '198.51.100.5', '198.51.100.6']);
    await from('198.51.100.99', 'inverno chuvoso em Braga').expect(429);
    // The address the owner signed in from lately is not locked; their sign-in starts the count again.
    await from('203.0.113.10', 'inverno chuvoso em Braga').expect(200);
    await from('198.51.100.99', 'inverno chuvoso em Braga').expect(200);
  });
});
