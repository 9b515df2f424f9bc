import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents, per-user categories, the AI call log and the admin's suggestion list.
 * A document's effective fields (type, title, date…) are columns so filters use indexes; `ai`
 * keeps what the provider said (value, confidence, snippet) and `corrections` what the user set,
 * which wins over any later re-processing. `generation` counts processing requests, so a stale
 * queue message (an older re-process) is recognised and dropped.
 */
export class CreateDocuments1795800000000 implements MigrationInterface {
  name = 'CreateDocuments1795800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE docs.documents (
        id uuid PRIMARY KEY,
        owner_id uuid NOT NULL,
        file_name varchar(255) NOT NULL,
        storage_key text NOT NULL,
        size_bytes bigint NOT NULL,
        sha256 char(64) NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'processing', 'done', 'failed')),
        failure_kind varchar(32),
        failure_reason text,
        generation int NOT NULL DEFAULT 1,
        page_count int,
        pages_read int,
        text text,
        text_truncated boolean NOT NULL DEFAULT false,
        note text,
        document_type varchar(80),
        title text,
        document_date date,
        amount numeric(18, 2),
        currency varchar(3),
        counterparty text,
        summary text,
        ai jsonb,
        corrections jsonb NOT NULL DEFAULT '{}',
        provider varchar(16),
        model varchar(200),
        search tsvector,
        processed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (owner_id, sha256)
      )`);
    await db.query('CREATE INDEX documents_owner_created ON docs.documents (owner_id, created_at DESC, id)');
    await db.query('CREATE INDEX documents_owner_status ON docs.documents (owner_id, status)');
    await db.query('CREATE INDEX documents_owner_type ON docs.documents (owner_id, document_type)');
    await db.query('CREATE INDEX documents_owner_date ON docs.documents (owner_id, document_date)');
    await db.query('CREATE INDEX documents_search ON docs.documents USING gin (search)');
    await db.query(`
      CREATE TABLE docs.categories (
        id uuid PRIMARY KEY,
        owner_id uuid NOT NULL,
        name varchar(80) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE UNIQUE INDEX categories_owner_name ON docs.categories (owner_id, lower(name))');
    await db.query(`
      CREATE TABLE docs.document_categories (
        document_id uuid NOT NULL REFERENCES docs.documents (id) ON DELETE CASCADE,
        category_id uuid NOT NULL REFERENCES docs.categories (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (document_id, category_id)
      )`);
    await db.query('CREATE INDEX document_categories_category ON docs.document_categories (category_id)');
    await db.query(`
      CREATE TABLE docs.ai_calls (
        id bigserial PRIMARY KEY,
        provider varchar(16) NOT NULL,
        model varchar(200) NOT NULL,
        document_id uuid,
        tokens_in int NOT NULL DEFAULT 0,
        tokens_out int NOT NULL DEFAULT 0,
        duration_ms int NOT NULL,
        outcome varchar(32) NOT NULL,
        error text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX ai_calls_provider_day ON docs.ai_calls (provider, created_at)');
    await db.query(`
      CREATE TABLE docs.suggestions (
        id uuid PRIMARY KEY,
        kind varchar(16) NOT NULL CHECK (kind IN ('document_type', 'category')),
        name varchar(80) NOT NULL,
        times int NOT NULL DEFAULT 1,
        last_document_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE UNIQUE INDEX suggestions_kind_name ON docs.suggestions (kind, lower(name))');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE docs.suggestions, docs.ai_calls, docs.document_categories, docs.categories, docs.documents');
  }
}
