import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAuthTables1764100000000 implements MigrationInterface {
  name = 'CreateAuthTables1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE auth.users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username varchar(64) NOT NULL,
        email varchar(254) NOT NULL,
        full_name varchar(200) NOT NULL,
        role varchar(16) NOT NULL CHECK (role IN ('admin', 'power', 'operator', 'reader')),
        is_active boolean NOT NULL DEFAULT true,
        assigned_es_server_id uuid,
        password_hash text NOT NULL,
        last_login_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX users_username_key ON auth.users (lower(username))`);
    await db.query(`CREATE UNIQUE INDEX users_email_key ON auth.users (lower(email))`);
    await db.query(`
      CREATE TABLE auth.profiles (
        user_id uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE,
        phone varchar(40),
        job_title varchar(120),
        department varchar(120),
        locale varchar(20),
        timezone varchar(64),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE auth.login_attempts (
        id bigserial PRIMARY KEY,
        user_id uuid REFERENCES auth.users (id) ON DELETE CASCADE,
        username_key varchar(254) NOT NULL,
        succeeded boolean NOT NULL,
        ip varchar(64),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX login_attempts_user_time ON auth.login_attempts (user_id, created_at DESC)`);
    await db.query(`
      CREATE TABLE auth.user_app_permissions (
        user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
        app_key varchar(32) NOT NULL CHECK (app_key IN ('imports', 'documents', 'admin')),
        granted_by uuid REFERENCES auth.users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, app_key)
      )`);
    await db.query(`
      CREATE TABLE auth.access_grants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
        target_id uuid,
        pattern varchar(255) NOT NULL,
        can_read boolean NOT NULL DEFAULT true,
        can_write boolean NOT NULL DEFAULT false,
        can_create boolean NOT NULL DEFAULT false,
        created_by uuid REFERENCES auth.users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A NULL target means "every target"; COALESCE makes two such grants for one pattern collide.
    await db.query(`
      CREATE UNIQUE INDEX access_grants_user_target_pattern_key
        ON auth.access_grants (user_id, COALESCE(target_id, '00000000-0000-0000-0000-000000000000'::uuid), pattern)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE auth.access_grants');
    await db.query('DROP TABLE auth.user_app_permissions');
    await db.query('DROP TABLE auth.login_attempts');
    await db.query('DROP TABLE auth.profiles');
    await db.query('DROP TABLE auth.users');
  }
}
