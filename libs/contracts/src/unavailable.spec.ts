import { unavailableDependency } from './unavailable';

/** Errors shaped as node-postgres, TypeORM and Node's file system throw them. */
const pgError = (code: string, message = 'server error') => Object.assign(new Error(message), { code, severity: 'FATAL' });
const queryFailed = (code: string) => Object.assign(new Error('query failed'), { driverError: pgError(code) });
const fsError = (code: string) => Object.assign(new Error(`${code}: write`), { code, syscall: 'write' });

describe('unavailableDependency', () => {
  it.each([
    ['the server shutting down a session', pgError('57P01', 'terminating connection due to administrator command')],
    ['the server starting up', pgError('57P03', 'the database system is starting up')],
    ['too many connections', pgError('53300')],
    ['a connection failure inside a TypeORM error', queryFailed('08006')],
    ['a database closed to connections', pgError('55000', 'database "intake" is not currently accepting connections')],
    ["the pool's connect timeout", new Error('timeout exceeded when trying to connect')],
    ['a connection cut mid-query', new Error('Connection terminated unexpectedly')],
  ])('names the database for %s', (_, error) => {
    expect(unavailableDependency(error)).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', message: expect.stringMatching(/database is not reachable/) });
  });

  it.each([
    ['ENOSPC', /file storage is full/],
    ['EDQUOT', /file storage is over its quota/],
    ['EROFS', /file storage is read-only/],
  ])('says what is wrong with the disk for %s', (code, message) => {
    expect(unavailableDependency(fsError(code))).toMatchObject({ status: 503, message: expect.stringMatching(message) });
  });

  it.each([
    ['the statement timeout', queryFailed('57014')],
    ['a lock not granted in time', pgError('55P03', 'canceling statement due to lock timeout')],
  ])('says the database did not answer in time for %s', (_, error) => {
    expect(unavailableDependency(error)).toMatchObject({ status: 503, details: { retry_after_seconds: 5 }, message: expect.stringMatching(/database did not answer in time/) });
  });

  it('says a dependency is unreachable for a refused connection', () => {
    expect(unavailableDependency(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9000'), { code: 'ECONNREFUSED' }))?.message).toMatch(/not reachable/);
  });

  it.each([
    ['a unique violation', pgError('23505')],
    ['a value out of range', queryFailed('22003')],
    ['a missing file', fsError('ENOENT')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['nothing at all', undefined],
  ])('leaves %s alone', (_, error) => {
    expect(unavailableDependency(error)).toBeNull();
  });
});
