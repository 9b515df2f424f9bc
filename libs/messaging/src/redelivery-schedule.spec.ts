import { RedeliverySchedule } from './redelivery-schedule';

describe('RedeliverySchedule', () => {
  it('pulls for a second when nothing was put back', () => {
    expect(new RedeliverySchedule().pullMs(0)).toBe(1000);
  });

  it('stretches the pull after a one-second nak past the redelivery instead of ending on it', () => {
    const schedule = new RedeliverySchedule();
    schedule.add(0, 1000);
    expect(schedule.pullMs(5)).toBe(1495);
  });

  it('keeps one-second pulls that end well before or after a redelivery', () => {
    const schedule = new RedeliverySchedule();
    schedule.add(0, 2000);
    expect(schedule.pullMs(0)).toBe(1000);
    expect(schedule.pullMs(2200)).toBe(1000);
  });

  it('stretches the second pull after a two-second nak past the redelivery', () => {
    const schedule = new RedeliverySchedule();
    schedule.add(0, 2000);
    expect(schedule.pullMs(1010)).toBe(1490);
  });

  it('clears redeliveries falling due close together by ending after the last of them', () => {
    const schedule = new RedeliverySchedule();
    schedule.add(0, 1600);
    schedule.add(0, 1000);
    expect(schedule.pullMs(0)).toBe(2100);
  });

  it('stretches a pull to three seconds at most, even when redeliveries too close together cannot all be cleared', () => {
    const schedule = new RedeliverySchedule();
    for (let at = 1000; at <= 9000; at += 400) schedule.add(0, at);
    expect(schedule.pullMs(0)).toBe(3000);
  });
});
