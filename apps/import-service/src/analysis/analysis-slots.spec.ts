import { AnalysisSlots } from './analysis-slots';

const tick = (ms = 250) => new Promise((resolve) => setTimeout(resolve, ms));

describe('AnalysisSlots', () => {
  it('runs analyses side by side, and one whose analyses died alone: after those running, before those coming', async () => {
    const slots = new AnalysisSlots();
    const order: string[] = [];
    const first = await slots.enter(false);
    const second = await slots.enter(false);
    const suspect = slots.enter(true).then((leave) => (order.push('suspect'), leave));
    await tick();
    const later = slots.enter(false).then((leave) => (order.push('later'), leave));
    await tick();
    expect(order).toEqual([]);
    first();
    await tick();
    expect(order).toEqual([]);
    second();
    const leaveSuspect = await suspect;
    await tick();
    expect(order).toEqual(['suspect']);
    leaveSuspect();
    leaveSuspect();
    (await later)();
    expect(order).toEqual(['suspect', 'later']);
  });
});
