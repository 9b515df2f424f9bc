import { collection, field, products } from '../nocobase-writer/test-support/descriptions';
import { columnsOf } from '../nocobase-writer/test-support/import-rows';
import { proposeMapping } from './collection-proposal';
import { proposeRelationColumns } from './relation-columns';

const makers = collection('makers', [field('code', { title: 'Code', unique: true }), field('name', { title: 'Name' }), field('secret', { title: 'Secret', hidden: true })], { title: 'Makers' });

describe('proposeRelationColumns', () => {
  const propose = async (headers: string[], readable = true) => {
    const columns = columnsOf(headers);
    const asked: string[] = [];
    const proposal = await proposeRelationColumns(columns, products, proposeMapping(columns, products), async (name) => (asked.push(name), readable && name === 'makers' ? makers : null));
    return { proposal, asked };
  };

  it('proposes a column named by a relation and a field of its collection as that relation by that field', async () => {
    const { proposal } = await propose(['Name', 'SKU', 'Maker code']);
    expect(proposal).toEqual({ A: 'name', B: 'sku', C: 'maker.code' });
    // Spacing, case and accents do not count, as for any header; the relation's name does as well as its title.
    expect((await propose(['Name', 'MAKER-Name'])).proposal).toMatchObject({ B: 'maker.name' });
    expect((await propose(['Name', 'makerCode'])).proposal).toMatchObject({ B: 'maker.code' });
  });

  it('leaves out a header naming no field of the related collection, a hidden field and a second column for the relation', async () => {
    expect((await propose(['Name', 'Maker colour'])).proposal).toMatchObject({ B: null });
    expect((await propose(['Name', 'Maker secret'])).proposal).toMatchObject({ B: null });
    expect((await propose(['Name', 'Maker code', 'Maker name'])).proposal).toMatchObject({ B: 'maker.code', C: null });
    expect((await propose(['Name', 'Maker', 'Maker code'])).proposal).toMatchObject({ B: 'maker', C: null });
    // A collection it cannot read: the relation alone, for linkedCollections to leave out saying why.
    const unreadable = await propose(['Name', 'Maker code'], false);
    expect(unreadable.proposal).toMatchObject({ B: 'maker' });
    expect(unreadable.asked).toEqual(['makers']);
    // A header that is not about a relation asks for no collection.
    expect((await propose(['Name', 'Colour'])).asked).toEqual([]);
  });
});
