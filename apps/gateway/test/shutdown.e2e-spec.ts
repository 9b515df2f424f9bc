import { Actors, TestSuite } from '@intake/testing';
import request from 'supertest';

/** A stop (SIGTERM, as npm start's Ctrl-C, systemd or Kubernetes send) is a prompt, clean exit. */
describe('stopping the services', () => {
  let suite: TestSuite;

  beforeAll(async () => {
    suite = await TestSuite.start();
  });
  afterAll(() => suite?.stop());

  it('stops each service by itself within a few seconds after it has served requests, never killed', async () => {
    const admin = await new Actors(suite).admin();
    // Every service answers something first: a NATS listener that has served requests is what used to hang.
    await request(suite.url).get('/api/users').set(admin.auth).expect(200);
    await request(suite.url).get('/api/imports').set(admin.auth).expect(200);
    await request(suite.url).get('/api/documents').set(admin.auth).expect(200);
    for (const name of ['doc-service', 'import-service', 'auth-service', 'gateway'] as const) {
      const stopped = await suite.stopService(name);
      expect({ name, killed: stopped?.signal === 'SIGKILL' }).toEqual({ name, killed: false });
      expect(stopped?.ms).toBeLessThan(4000);
    }
  });
});
