import { MAX_RETRY_WAIT_MS, waitMs } from './retry-passing';

describe('waitMs: the wait before asking a provider again', () => {
  it('doubles the configured delay, spread by a quarter either way', () => {
    expect(waitMs(null, 2000, 0, () => 0.5)).toBe(2000);
    expect(waitMs(null, 2000, 1, () => 0)).toBe(3000);
    expect(waitMs(null, 2000, 2, () => 1)).toBe(10_000);
  });

  it('never waits more than the cap, however large the delay or the retry number', () => {
    expect(waitMs(null, 60_000, 0, () => 1)).toBe(MAX_RETRY_WAIT_MS);
    expect(waitMs(null, 2000, 9, () => 0)).toBe(MAX_RETRY_WAIT_MS);
  });

  it("waits what the provider asked for, lengthened by at most a quarter, capped; zero means at once", () => {
    expect(waitMs(20_000, 2000, 3, () => 0)).toBe(20_000);
    expect(waitMs(20_000, 2000, 3, () => 1)).toBe(25_000);
    expect(waitMs(59_000, 2000, 0, () => 1)).toBe(MAX_RETRY_WAIT_MS);
    expect(waitMs(0, 2000, 0, () => 1)).toBe(0);
  });
});
