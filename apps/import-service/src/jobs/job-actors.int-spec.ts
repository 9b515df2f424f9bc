import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { RpcClient } from '@intake/messaging';
import { Actors, TestSuite, waitFor } from '@intake/testing';
import request from 'supertest';
import type { ImportJobEntity } from './import-job.entity';
import { passingFailure } from '../nocobase/nocobase-connection';
import { JobActors } from './job-actors';

/** The workers' view of who a job runs for, asked of the real auth-service over NATS. */
describe('JobActors: a job runs for its user as they stand now', () => {
  let suite: TestSuite;
  let rpc: RpcClient;
  let actors: Actors;
  let jobActors: JobActors;

  beforeAll(async () => {
    suite = await TestSuite.start();
    const proxy = ClientProxyFactory.create({ transport: Transport.NATS, options: { ...suite.nats.options, servers: [suite.nats.url] } });
    await proxy.connect();
    rpc = new RpcClient(proxy, 3000);
    actors = new Actors(suite);
    jobActors = new JobActors(rpc);
  });
  afterAll(async () => {
    await rpc?.close();
    await suite?.stop();
  });

  const job = (ownerId: string, actorId: string | null = null) => ({ ownerId, ownerRole: 'power', actorId }) as ImportJobEntity;
  const change = async (id: string, changes: Record<string, unknown>) => {
    const admin = await actors.admin();
    await request(suite.url).patch(`/api/users/${id}`).set(admin.auth).send(changes).expect(200);
  };

  it('takes the role auth-service gives the user now, not the one kept at upload', async () => {
    const user = await actors.user('power');
    expect(await jobActors.current(job(user.user.id), 'write')).toEqual({ userId: user.user.id, role: 'power' });
    await change(user.user.id, { role: 'reader' });
    await expect(jobActors.current(job(user.user.id), 'write')).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/is a reader now/) });
    // Reading (an analysis) is still allowed, as a reader.
    expect(await jobActors.current(job(user.user.id), 'read')).toEqual({ userId: user.user.id, role: 'reader' });
  });

  it('acts for whoever last asked for the work, not the owner', async () => {
    const [owner, admin] = [await actors.user('operator'), await actors.admin()];
    expect(await jobActors.current(job(owner.user.id, admin.user.id), 'write')).toEqual({ userId: admin.user.id, role: 'admin' });
  });

  it('refuses a deactivated or deleted account', async () => {
    const user = await actors.user('operator');
    await change(user.user.id, { is_active: false });
    await expect(jobActors.current(job(user.user.id), 'read')).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/is deactivated/) });
    const gone = await actors.user('operator');
    await request(suite.url).delete(`/api/users/${gone.user.id}`).set((await actors.admin()).auth).expect(204);
    await expect(jobActors.current(job(gone.user.id), 'read')).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'The account this import runs for no longer exists' });
  });

  it('says auth-service is away as a failure that passes, so the queue tries the job again', async () => {
    const user = await actors.user('operator');
    await suite.killService('auth-service');
    try {
      const error = await jobActors.current(job(user.user.id), 'write').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      expect(passingFailure(error)).toBe(true);
    } finally {
      await suite.startService('auth-service');
    }
    // Once it answers again (its subscriptions a moment after its start), the same job goes on.
    await waitFor(async () => (await jobActors.current(job(user.user.id), 'write').catch(() => null))?.role === 'operator', 20_000, 100);
  });
});
