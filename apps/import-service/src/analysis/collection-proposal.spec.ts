import { collection, field } from '../nocobase-writer/test-support/descriptions';
import { proposeMapping } from './collection-proposal';

describe('proposeMapping', () => {
  const columns = ['username', 'Settings', 'Avatar', 'Orders'].map((name, index) => ({ index, letter: String.fromCharCode(65 + index), name, generated: false }));

  it('proposes no field a cell cannot fill: a JSON field, an attachment, a hasMany relation', () => {
    const users = collection('users', [
      field('username'),
      field('settings', { title: 'Settings', interface: 'json', type: 'json', db_type: 'jsonb' }),
      field('avatar', { title: 'Avatar', interface: 'attachment', type: 'belongsToMany', column: null, relation: { type: 'belongsToMany', target: 'attachments', foreign_key: 'f', target_key: 'id', through: null, foreign_key_column: null, other_key_column: null } as never }),
      field('orders', { title: 'Orders', interface: 'o2m', type: 'hasMany', column: null, relation: { type: 'hasMany', target: 'orders', foreign_key: 'userId', target_key: 'id' } as never }),
    ]);
    expect(proposeMapping(columns, users)).toEqual({ A: 'username', B: null, C: null, D: null });
  });
});
