import { AnalysisStopped, AnalysisWatch } from './analysis-watch';

describe('AnalysisWatch', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  it('looks at the job at most once per poll interval, and only every few hundred rows', async () => {
    let looks = 0;
    let wanted = true;
    const told: number[] = [];
    const watch = new AnalysisWatch(async (rowsRead) => (looks++, told.push(rowsRead), wanted), 60_000, 1000);
    for (let row = 0; row < 10_000; row++) expect(watch.tick()).toBeUndefined();
    await watch.check();
    expect(looks).toBe(0);

    jest.setSystemTime(1000);
    const ticks = Array.from({ length: 256 }, () => watch.tick());
    expect(ticks.filter(Boolean)).toHaveLength(1);
    await Promise.all(ticks);
    expect(looks).toBe(1);
    // The look says how many rows have been read: it came at row 10,240, the first 256th row past the second.
    expect(told).toEqual([10_240]);

    wanted = false;
    jest.setSystemTime(1500);
    await watch.check();
    expect(looks).toBe(1);
    jest.setSystemTime(2000);
    await expect(watch.check()).rejects.toEqual(new AnalysisStopped('cancelled', 'The job was cancelled during its analysis'));
  });

  it('stops an analysis past its time limit, saying how to get it through', async () => {
    const watch = new AnalysisWatch(async () => true, 30 * 60_000);
    jest.setSystemTime(30 * 60_000);
    await watch.check();
    jest.setSystemTime(30 * 60_000 + 1);
    const stopped = await watch.check().catch((error: unknown) => error as AnalysisStopped);
    expect(stopped).toMatchObject({ reason: 'timed-out', message: expect.stringMatching(/^The analysis was stopped after 30 minutes, the longest one may take: split the file/) });
  });
});
