import { matchColumnToField, normalizeHeader } from './column-matcher';

const field = (name: string, title: string, extra: { system?: boolean; hidden?: boolean } = {}) => ({ name, title, system: false, hidden: false, ...extra });

const customers = [
  field('id', 'ID', { system: true }),
  field('createdAt', 'Created at', { system: true }),
  field('name', 'Name'),
  field('email', 'Email'),
  field('signupDate', 'Signup date'),
  field('orders', 'Orders'),
];
const employees = [
  field('id', 'ID', { system: true }),
  field('f_acdt3u3eed3', 'Full name'),
  field('f_oohdks4lfem', 'Email'),
  field('f_72rvm72jkl7', 'Hired at'),
  field('f_gr5de6z4rne', 'Department'),
];

describe('matchColumnToField', () => {
  it('matches a header with a filler ending, or with its collection in front, when no field matches it whole', () => {
    const products = [field('id', 'ID', { system: true }), field('name', 'Name'), field('sku', 'SKU'), field('phone', 'Phone'), field('number', 'Number')];
    const collection = { name: 'products', title: 'Products' };
    expect(matchColumnToField('E-mail address', customers)?.name).toBe('email');
    expect(matchColumnToField('Product name', products, collection)?.name).toBe('name');
    expect(matchColumnToField('Products SKU', products, collection)?.name).toBe('sku');
    expect(matchColumnToField('Phone number', products, collection)?.name).toBe('phone');
    // A field of that whole name comes first: "Number" is a field here, so "Product number" is it.
    expect(matchColumnToField('Product number', products, collection)?.name).toBe('number');
    // Without the collection, a name in front is not left out; nor is any other word.
    expect(matchColumnToField('Product name', products)).toBeNull();
    expect(matchColumnToField('Supplier name', products, collection)).toBeNull();
  });

  it.each([
    ['E-mail', customers, 'email'],
    ['EMAIL', customers, 'email'],
    ['signup_date', customers, 'signupDate'],
    ['signupDate', customers, 'signupDate'],
    ['Signup date', customers, 'signupDate'],
    ['  Name ', customers, 'name'],
    ['created at', customers, 'createdAt'],
    ['Full name', employees, 'f_acdt3u3eed3'],
    ['full_name', employees, 'f_acdt3u3eed3'],
    ['FULL NAME', employees, 'f_acdt3u3eed3'],
    ['E-mail', employees, 'f_oohdks4lfem'],
    ['f_72rvm72jkl7', employees, 'f_72rvm72jkl7'],
    ['Hired at', employees, 'f_72rvm72jkl7'],
    ['Départment', employees, 'f_gr5de6z4rne'],
  ])('%s → %s', (header, fields, expected) => {
    expect(matchColumnToField(header, fields)?.name).toBe(expected);
  });

  it('matches nothing for unknown, empty or punctuation-only headers', () => {
    expect(matchColumnToField('Phone', customers)).toBeNull();
    expect(matchColumnToField('', customers)).toBeNull();
    expect(matchColumnToField(' - ', customers)).toBeNull();
  });

  it('prefers a name over another field’s title', () => {
    const fields = [field('f_title', 'Email'), field('email', 'Contact')];
    expect(matchColumnToField('Email', fields)?.name).toBe('email');
  });

  it('prefers a user field over a system one with the same title, and refuses a real tie', () => {
    expect(matchColumnToField('Created', [field('createdAt', 'Created', { system: true }), field('f_x', 'Created')])?.name).toBe('f_x');
    expect(matchColumnToField('Code', [field('f_a', 'Code'), field('f_b', 'Code')])).toBeNull();
  });

  it('never matches hidden fields', () => {
    expect(matchColumnToField('Password', [field('password', 'Password', { hidden: true })])).toBeNull();
  });
});

describe('normalizeHeader', () => {
  it('drops case, accents, spacing and punctuation', () => {
    expect(normalizeHeader(' Çódigo-Postal_2 ')).toBe('codigopostal2');
    expect(normalizeHeader('E‑mail')).toBe('email');
  });
});
