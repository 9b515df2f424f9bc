import { RssGrowth } from './rss-growth';

const MB = 1024 * 1024;

describe('RssGrowth', () => {
  it('counts from the start while memory only grows', () => {
    const growth = new RssGrowth(500 * MB);
    expect(growth.at(520 * MB)).toBe(20 * MB);
    expect(growth.at(800 * MB)).toBe(300 * MB);
  });

  it("counts from the lowest point once the previous document's garbage is freed", () => {
    // 300 MB of the previous document's garbage at the start, freed while this one is read.
    const growth = new RssGrowth(800 * MB);
    expect(growth.at(500 * MB)).toBe(0);
    expect(growth.at(790 * MB)).toBe(290 * MB); // from the start it would look like nothing
  });

  it('leaves out memory that is not the document being read', () => {
    const growth = new RssGrowth(500 * MB);
    growth.notCounted(40 * MB);
    expect(growth.at(560 * MB)).toBe(20 * MB);
  });
});
