import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { isForeignKeyViolation, isUniqueViolation, sqlState } from './pg-errors';

const fromPostgres = (code: string, constraint?: string) => Object.assign(new DatabaseError('refused', 0, 'error'), { code, constraint });
const viaTypeorm = (error: DatabaseError) => new QueryFailedError('INSERT …', [], error);
const nodeError = (code: string) => Object.assign(new Error(`write ${code}`), { code });

describe('PostgreSQL error codes', () => {
  it('reads the SQLSTATE from pg and from TypeORM alike', () => {
    expect(sqlState(fromPostgres('22003'))).toBe('22003');
    expect(sqlState(viaTypeorm(fromPostgres('22003')))).toBe('22003');
  });

  it('gives no SQLSTATE for a broken connection, whose code only looks like one', () => {
    for (const code of ['EPIPE', 'ECONNRESET', 'ETIMEDOUT']) expect(sqlState(nodeError(code))).toBe('');
    expect(sqlState(viaTypeorm(nodeError('EPIPE') as unknown as DatabaseError))).toBe('');
    expect(sqlState(null)).toBe('');
    expect(sqlState('23505')).toBe('');
  });

  it('tells unique and foreign-key violations, on a given constraint when asked', () => {
    const unique = viaTypeorm(fromPostgres('23505', 'users_email_key'));
    expect([isUniqueViolation(unique), isUniqueViolation(unique, 'users_email_key'), isUniqueViolation(unique, 'users_username_key')]).toEqual([true, true, false]);
    expect(isUniqueViolation(fromPostgres('23505', 'users_email_key'), 'users_email_key')).toBe(true);
    expect([isForeignKeyViolation(fromPostgres('23503')), isForeignKeyViolation(unique), isForeignKeyViolation(nodeError('23503'))]).toEqual([true, false, false]);
  });
});
