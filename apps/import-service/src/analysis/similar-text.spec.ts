import { closestValues, editDistance, words } from './similar-text';
import { candidateKeys } from './suggestion-candidates';

describe('closestValues', () => {
  it('ranks the same text in another case, accent or spacing before typos', () => {
    expect(closestValues('ACME  corp', ['Acme Corporation', 'Acme Crop', 'Acme Corp'])).toEqual(['Acme Corp', 'Acme Crop']);
    expect(closestValues('Cafe Zurich', ['Café Zürich', 'Cafe Zurich Ltd'])).toEqual(['Café Zürich', 'Cafe Zurich Ltd']);
    expect(closestValues('Soylent3d97', ['Soylent 3d97 GmbH', 'Soylent 3d97'])[0]).toBe('Soylent 3d97');
  });

  it('offers records a typo or two away, a swap of neighbouring letters counting as one', () => {
    expect(closestValues('Acme Crop', ['Acme Corp', 'Apex Corp'])).toEqual(['Acme Corp']);
    expect(closestValues('alice@exmple.com', ['alice@example.com', 'bob@example.com', 'carol@example.com'])).toEqual(['alice@example.com']);
    expect(closestValues('Enginering', ['Engineering', 'Sales', 'Support'])).toEqual(['Engineering']);
  });

  it('offers nothing that only shares what every record has', () => {
    expect(closestValues('nobody@example.com', ['alice@example.com', 'bob@example.com', 'carol@example.com'])).toEqual([]);
    expect(closestValues('Marketing', ['Engineering', 'Sales', 'Support'])).toEqual([]);
    expect(closestValues('Co', ['Co Ltd', 'Acme Co'])).toEqual([]);
  });

  it('offers a record that holds all the words of the value, after closer ones, and at most `limit`', () => {
    expect(closestValues('Acme', ['Acme Corp', 'Acme Corporation International', 'Acne'])).toEqual(['Acne', 'Acme Corp', 'Acme Corporation International']);
    expect(closestValues('Acme', ['Acme Corp', 'Acme Corporation International', 'Acne'], 2)).toEqual(['Acne', 'Acme Corp']);
  });
});

describe('editDistance and words', () => {
  it('counts a swap as one edit and other edits as Levenshtein does', () => {
    expect(editDistance('crop', 'corp')).toBe(1);
    expect(editDistance('tyerll', 'tyrell')).toBe(1);
    expect(editDistance('nobody', 'bob')).toBe(4);
    expect(editDistance('abc', 'abc')).toBe(0);
  });

  it('splits on anything that is not a letter or digit, without case or accents', () => {
    expect(words("  O'Brien & Søn, MÜLLER-Lüdenscheidt  ")).toEqual(['o', 'brien', 'søn', 'muller', 'ludenscheidt']);
  });
});

describe('candidateKeys', () => {
  it('holds the words, the squashed text and its ends, as written and without accents', () => {
    expect(candidateKeys('Café  Zürich')).toEqual(
      expect.arrayContaining(['café', 'zürich', 'w:cafézürich', 'p:caféz', 's:ürich', 'cafe', 'zurich', 'w:cafezurich', 'p:cafez', 's:urich']),
    );
    expect(candidateKeys('Café  Zürich')).toHaveLength(10);
  });

  it('leaves out short words and has no keys for a text without letters or digits', () => {
    expect(candidateKeys('A to Z Ltd')).toEqual(['ltd', 'w:atozltd', 'p:atozl', 's:ozltd']);
    expect(candidateKeys(' - ')).toEqual([]);
  });
});
