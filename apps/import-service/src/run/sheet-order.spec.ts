import type { CollectionField, SheetPlan } from '@intake/contracts';
import { collection, field } from '../nocobase-writer/test-support/descriptions';
import { orderSheets, sheetsInOrder } from './sheet-order';

const relation = (type: 'belongsTo' | 'belongsToMany', target: string, through: string | null = null): Partial<CollectionField> => ({
  interface: type === 'belongsTo' ? 'm2o' : 'm2m',
  type,
  column: type === 'belongsTo' ? `${target}Id` : null,
  relation: {
    type, target, foreign_key: 'a', foreign_key_column: 'a', target_key: 'id', source_key: 'id', other_key: 'b', other_key_column: 'b', on_delete: null,
    through: through ? { schema: 'public', name: through, collection: through } : null,
  },
});

const descriptions = new Map([
  ['posts', collection('posts', [field('title'), field('author', relation('belongsTo', 'authors')), field('tags', relation('belongsToMany', 'tags', 'posts_tags'))])],
  ['tags', collection('tags', [field('name'), field('posts', relation('belongsToMany', 'posts', 'posts_tags'))])],
  ['authors', collection('authors', [field('name'), field('mentor', relation('belongsTo', 'authors'))])],
]);
const sheet = (name: string, collectionName: string, fields: string[]): SheetPlan => ({ sheet: name, collection: collectionName, mapping: Object.fromEntries(fields.map((f, i) => [String.fromCharCode(65 + i), f])) });
const order = (sheets: SheetPlan[]) => orderSheets(sheets, descriptions).map((s) => s.sheet);

describe('orderSheets', () => {
  it('puts the sheets that belongsTo and belongsToMany columns point at first', () => {
    expect(order([sheet('Posts', 'posts', ['title', 'author.name', 'tags']), sheet('Tags', 'tags', ['name']), sheet('Authors', 'authors', ['name', 'mentor'])])).toEqual(['Tags', 'Authors', 'Posts']);
  });

  it('lets two sheets that map both sides of one many-to-many link go in their own order', () => {
    expect(order([sheet('Posts', 'posts', ['title', 'tags']), sheet('Tags', 'tags', ['name', 'posts'])])).toEqual(['Posts', 'Tags']);
  });

  it('refuses sheets whose belongsTo columns point at each other', () => {
    const looped = new Map([...descriptions, ['authors', collection('authors', [field('name'), field('post', relation('belongsTo', 'posts'))])]]);
    expect(() => orderSheets([sheet('Posts', 'posts', ['author']), sheet('Authors', 'authors', ['post'])], looped)).toThrow(/cycle: Posts → Authors → Posts/);
  });
  it('gives back the order a run recorded while the plan has exactly those sheets', () => {
    const sheets = [sheet('Posts', 'posts', ['title', 'tags']), sheet('Tags', 'tags', ['name']), { sheet: 'Notes', collection: null, mapping: {} }];
    expect(sheetsInOrder(sheets, ['Posts', 'Tags'])?.map((s) => s.sheet)).toEqual(['Posts', 'Tags']);
    expect(sheetsInOrder(sheets, ['Tags'])).toBeNull();
    expect(sheetsInOrder(sheets, ['Tags', 'Gone'])).toBeNull();
    expect(sheetsInOrder(sheets, undefined)).toBeNull();
  });
});
