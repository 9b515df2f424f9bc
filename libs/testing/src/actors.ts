import type { Role, User } from '@intake/contracts';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { TestSuite } from './suite';

export interface Actor {
  user: User;
  password: string;
  token: string;
  /** `Authorization: Bearer …` for this actor. */
  auth: { authorization: string };
}

/** Signs in through the gateway and returns the access token. */
export async function signIn(baseUrl: string, username: string, password: string): Promise<string> {
  const res = await request(baseUrl).post('/api/auth/login').send({ username, password });
  if (res.status !== 200) throw new Error(`login of ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.access_token as string;
}

/** Factories for users of each role, created through the real API as the bootstrap admin. */
export class Actors {
  private adminActor?: Actor;

  constructor(private readonly suite: TestSuite) {}

  /** The bootstrap admin's session was ended (deactivated and made active again): the next admin() signs in anew. */
  forgetAdmin(): void {
    this.adminActor = undefined;
  }

  async admin(): Promise<Actor> {
    if (!this.adminActor) {
      const token = await signIn(this.suite.url, this.suite.adminUsername, this.suite.adminPassword);
      const me = await request(this.suite.url).get('/api/auth/me').set('authorization', `Bearer ${token}`);
      this.adminActor = { user: me.body as User, password: this.suite.adminPassword, token, auth: { authorization: `Bearer ${token}` } };
    }
    return this.adminActor;
  }

  async user(role: Role, overrides: Partial<{ username: string; assigned_es_server_id: string | null }> = {}): Promise<Actor> {
    const admin = await this.admin();
    const suffix = randomBytes(4).toString('hex');
    const username = overrides.username ?? `${role}-${suffix}`;
    const password = `Pw-${randomBytes(9).toString('base64url')}`;
    const res = await request(this.suite.url)
      .post('/api/users')
      .set(admin.auth)
      // Making an admin takes the acting admin's own password.
      .send({ username, email: `${username}@example.test`, full_name: `Test ${role}`, password, role, ...(role === 'admin' ? { current_password: admin.password } : {}), ...overrides });
    if (res.status !== 201) throw new Error(`creating ${role} failed: ${res.status} ${JSON.stringify(res.body)}`);
    const token = await signIn(this.suite.url, username, password);
    return { user: res.body as User, password, token, auth: { authorization: `Bearer ${token}` } };
  }
}
