import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `docs.natural_order`, the collation titles, file names and categories are sorted by: ICU's root
 * collation with numbers by value, so "Água" sorts beside "agua" and before "Banana" (not after
 * "zebra" as byte order, the C.UTF-8 databases `npm start` makes, has it) and "scan 2" before
 * "scan 10". A server built without ICU gets its database's own collation.
 */
export class SortNamesNaturally1795910000000 implements MigrationInterface {
  name = 'SortNamesNaturally1795910000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      DO $$
      BEGIN
        CREATE COLLATION docs.natural_order (provider = icu, locale = 'und-u-kn-true');
      EXCEPTION WHEN feature_not_supported OR undefined_object OR invalid_parameter_value THEN
        EXECUTE format('CREATE COLLATION docs.natural_order (locale = %L)', (SELECT datcollate FROM pg_database WHERE datname = current_database()));
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP COLLATION docs.natural_order');
  }
}
