import { checkMapping, hasMappingErrors } from './mapping-check';
import { collection, field, products } from './test-support/descriptions';
import { columnsOf } from './test-support/import-rows';

const columns = columnsOf(['Name', 'SKU', 'Price', 'Maker', 'Extra']);
const codes = (problems: { code: string }[]) => problems.map((p) => p.code);

describe('checkMapping', () => {
  it('accepts a sound plan', () => {
    const problems = checkMapping(products, { 0: 'name', 1: 'sku', 2: 'price' }, 'upsert', ['sku'], { columns });
    expect(problems).toEqual([]);
    expect(hasMappingErrors(problems)).toBe(false);
  });

  it('reports a required field no column fills, once, in every mode that creates records', () => {
    for (const mode of ['insert', 'upsert', 'skip-existing'] as const) {
      expect(checkMapping(products, { 1: 'sku' }, mode, mode === 'insert' ? [] : ['sku'])).toEqual([
        { code: 'REQUIRED_UNMAPPED', severity: 'error', field: 'name', message: 'Name is required in Products, but no column is mapped to it: no new record could be created' },
      ]);
    }
    expect(checkMapping(products, { 1: 'sku', 2: 'price' }, 'update', ['sku'])).toEqual([]);
  });

  it('refuses unknown, system, relation-only, unsupported and doubly mapped fields, naming the column', () => {
    const problems = checkMapping(products, { 0: 'name', 1: 'createdAt', 2: 'reviews', 3: 'makerId', 4: 'nope', 5: 'formula', 6: 'name', 7: 'id' }, 'insert', [], { columns });
    expect(problems.map((p) => [p.code, p.message])).toEqual([
      ['SYSTEM_FIELD', "column B 'SKU': Created at is set by the importer (Products keeps it for every record)"],
      ['NOT_IMPORTABLE', "column C 'Price': Reviews is a hasMany relation: its links are kept in the related records, so only belongsTo and belongsToMany relations can be imported"],
      ['UNKNOWN_FIELD', "column D 'Maker' is mapped to makerId, the key column of Maker: map it to Maker instead"],
      ['UNKNOWN_FIELD', "column E 'Extra' is mapped to nope, which Products does not have"],
      ['NOT_IMPORTABLE', 'column F: Total (formula) cannot be filled from a spreadsheet cell yet'],
      ['DUPLICATE_FIELD', "column G and column A 'Name' are both mapped to Name"],
      ['SYSTEM_FIELD', 'column H: ID is the record id, which the importer assigns; map it only as the key of an update'],
    ]);
  });

  it('accepts a many-to-many field, also by a named field of the related collection, but not one linked by another key than the id', () => {
    const orders = collection('orders', [field('status', { title: 'Status' })], { title: 'Orders' });
    expect(checkMapping(products, { 0: 'name', 2: 'orders' }, 'insert', [])).toEqual([]);
    expect(checkMapping(products, { 0: 'name', 2: 'orders.status' }, 'insert', [], { targets: { orders } })).toEqual([]);
    expect(codes(checkMapping(products, { 0: 'name', 2: 'orders.colour' }, 'insert', [], { targets: { orders } }))).toEqual(['UNKNOWN_MATCH_FIELD']);
    const orderField = products.fields.find((f) => f.name === 'orders');
    const bySku = { ...products, fields: products.fields.map((f) => (f === orderField && f.relation ? { ...f, relation: { ...f.relation, source_key: 'sku' } } : f)) };
    expect(checkMapping(bySku, { 0: 'name', 2: 'orders' }, 'insert', [], { columns }).map((p) => p.message)).toEqual([
      "column C 'Price': Orders links Products records by sku, not by their id, which the importer cannot do yet",
    ]);
    const noLinkTable = { ...products, fields: products.fields.map((f) => (f === orderField && f.relation ? { ...f, relation: { ...f.relation, through: null } } : f)) };
    expect(codes(checkMapping(noLinkTable, { 0: 'name', 2: 'orders' }, 'insert', []))).toEqual(['NOT_IMPORTABLE']);
  });

  it('lets the id be the key of an update, and only that', () => {
    expect(checkMapping(products, { 0: 'id', 1: 'price' }, 'update', ['id'])).toEqual([]);
    expect(codes(checkMapping(products, { 0: 'id', 1: 'name' }, 'upsert', ['id']))).toEqual(['SYSTEM_FIELD']);
  });

  it('checks key fields: present, mapped, and warns when they are not unique', () => {
    expect(codes(checkMapping(products, { 0: 'name' }, 'update', []))).toEqual(['KEY_REQUIRED']);
    expect(codes(checkMapping(products, { 0: 'name' }, 'update', ['sku', 'ghost']))).toEqual(['KEY_UNMAPPED', 'KEY_UNKNOWN']);
    const notUnique = checkMapping(products, { 0: 'name', 2: 'price' }, 'upsert', ['name']);
    expect(notUnique).toEqual([{ code: 'KEY_NOT_UNIQUE', severity: 'warning', message: 'Name is not unique in Products: a row whose key matches several records will fail' }]);
    expect(hasMappingErrors(notUnique)).toBe(false);
    expect(checkMapping(products, { 0: 'name', 1: 'sku' }, 'upsert', ['name', 'sku'])).toEqual([]);
  });

  it('checks `relation.field` against the related collection when it is given', () => {
    const makers = collection('makers', [field('code', { title: 'Code', unique: true })], { title: 'Makers' });
    expect(checkMapping(products, { 0: 'name', 3: 'maker.code' }, 'insert', [], { targets: { makers } })).toEqual([]);
    expect(checkMapping(products, { 0: 'name', 3: 'maker.colour' }, 'insert', [], { targets: { makers }, columns })[0].message).toBe("column D 'Maker': Makers has no field colour to find Maker by");
    expect(codes(checkMapping(products, { 0: 'name.first' }, 'insert', []))).toEqual(['UNKNOWN_MATCH_FIELD']);
  });

  it('refuses a field NocoBase keeps hidden, as a value and as the key or the field a relation is found by', () => {
    const users = collection('users', [field('email', { title: 'Email', unique: true }), field('resetToken', { title: 'Reset token', hidden: true, unique: true })], { title: 'Users' });
    const hidden = "column B 'SKU': Reset token is a hidden field in NocoBase (one it keeps for itself, such as a password or a token)";
    expect(checkMapping(users, { 0: 'email', 1: 'resetToken' }, 'update', ['email'], { columns }).map((p) => p.message)).toEqual([`${hidden}: it cannot be imported`]);
    expect(codes(checkMapping(users, { 0: 'email', 1: 'resetToken' }, 'update', ['resetToken']))).toEqual(['NOT_IMPORTABLE']);
    const makers = collection('makers', [field('code', { title: 'Code', unique: true }), field('resetToken', { title: 'Reset token', hidden: true })], { title: 'Makers' });
    expect(checkMapping(products, { 0: 'name', 1: 'maker.resetToken' }, 'insert', [], { targets: { makers }, columns }).map((p) => p.message)).toEqual([`${hidden}: Maker cannot be found by it`]);
  });

  it('refuses collections whose ids it cannot make, and read-only ones', () => {
    const uuids = collection('things', [field('label')], { primary_key: { kind: 'uuid', field: 'id', columns: ['id'], sequence: null }, can_write: false, title: 'Things' });
    expect(checkMapping(uuids, { 0: 'label' }, 'insert', []).map((p) => p.message)).toEqual([
      'You may read but not import into Things; ask an administrator for a write grant',
      'Things has a uuid primary key: the importer can only create records with snowflake or auto-increment ids (use update mode)',
    ]);
    expect(codes(checkMapping({ ...uuids, can_write: true }, { 0: 'label' }, 'update', ['label']))).toEqual(['KEY_NOT_UNIQUE']);
  });
});
