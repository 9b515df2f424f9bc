import { splitLinkCell } from './link-cells';

describe('splitLinkCell', () => {
  it('splits on commas and trims every item', () => {
    expect(splitLinkCell(' Rack server R1 ,Backup Suite ')).toEqual(['Rack server R1', 'Backup Suite']);
  });

  it('drops empty items and keeps a repeated item once, in first-seen order', () => {
    expect(splitLinkCell('a,, b ,a, ,c,b')).toEqual(['a', 'b', 'c']);
  });

  it('a blank cell or one of commas only lists nothing', () => {
    expect(splitLinkCell('')).toEqual([]);
    expect(splitLinkCell(' , ,')).toEqual([]);
  });

  it('one item without a comma is a list of one', () => {
    expect(splitLinkCell('admin')).toEqual(['admin']);
  });
});
