import { resolveColumn, snakeCase, stripTranslation, tableCandidates } from './nocobase-names';

describe('NocoBase names', () => {
  it.each([
    ['{{t("Created at")}}', 'Created at'],
    ["{{t('Users', { ns: 'users' })}}", 'Users'],
    ['{{ t("Say \\"hi\\"") }}', 'Say "hi"'],
    ['Full name', 'Full name'],
    ['', null],
    [undefined, null],
  ])('strips the translation wrapper of %s', (raw, text) => {
    expect(stripTranslation(raw)).toBe(text);
  });

  it('snake-cases like Sequelize’s underscored mode', () => {
    expect(snakeCase('createdById')).toBe('created_by_id');
    expect(snakeCase('f_acdt3u3eed3')).toBe('f_acdt3u3eed3');
    expect(snakeCase('HTMLBody')).toBe('html_body');
  });

  it('resolves a field to the column that exists, preferring the database’s naming mode', () => {
    expect(resolveColumn('createdAt', new Set(['createdAt', 'created_at']), false)).toBe('createdAt');
    expect(resolveColumn('createdAt', new Set(['createdAt', 'created_at']), true)).toBe('created_at');
    expect(resolveColumn('signupDate', new Set(['signup_date']), false)).toBe('signup_date');
    expect(resolveColumn('Email', new Set(['email']), false)).toBe('email');
    expect(resolveColumn('missing', new Set(['email']), false)).toBeNull();
  });

  it('lists table candidates with the prefix first', () => {
    expect(tableCandidates('purchaseOrders', 'nb_', true)).toEqual(['nb_purchase_orders', 'nb_purchaseOrders', 'purchaseOrders']);
    expect(tableCandidates('customers', null, false)).toEqual(['customers']);
  });
});
