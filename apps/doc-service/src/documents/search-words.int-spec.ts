import { PAGE_KINDS, pageText, randomFrom } from '../../bench/bench-pages';
import { type DocsTestDatabase, docsTestDatabase } from '../docs-test-database';
import { WHOLE_TEXT_FOLDED } from '../migrations/1795870000000-fold-only-accented-words';

/** `docs.search_words` as it was before migration 1795870000000, under another name. */
const BEFORE = `CREATE FUNCTION reference.whole_text_words(config regconfig, value text) RETURNS tsvector LANGUAGE plpgsql AS $$${WHOLE_TEXT_FOLDED}$$`;

const random = randomFrom(0x5ea7c4);
const TEXTS = [
  ...PAGE_KINDS.flatMap((kind) => [pageText(kind, random, 'a'), pageText(kind, random, 'b')]),
  'Łódź, Straße 12 — æbleskiver for Søren; ĦAL ŧest ıi ŀl þorn ẞ',
  'São Paulo written with a combining tilde: Sa\u0303o Paulo, and ma\u0301s',
  'auto-avaliação, pré-pago/pós-pago, joão.silva@exemplo.pt, https://exemplo.pt/relatório?ação=1',
  'no\u00a0break\u00a0space: relatório\u00a0anual, 1\u00a0234,56\u00a0€',
  'versão 1.2.3-beta, «citação», “aspas”, Fatura nº 2024/17',
  'se preço<limite (ver nota 3), então aplicar a taxa; senão o mínimo>5',
  'ação<b x, y não> fim',
  'plain ASCII only: invoice 2024-17 for ACME Ltd., total 1,234.56',
  '€ 15,90 — only signs beyond ASCII, nothing to fold',
  '',
];
/** to_tsvector skips a markup tag whole; cut at blanks, the folded words inside one are found too. */
const MARKUP = '<p class="título">Fatura</p>';

describe('docs.search_words (folding only the accented words)', () => {
  let docs: DocsTestDatabase;

  beforeAll(async () => {
    docs = await docsTestDatabase();
    await docs.ds.query('CREATE SCHEMA reference');
    await docs.ds.query(BEFORE);
  });
  afterAll(() => docs.close());

  it.each(['simple', 'portuguese', 'english'])('finds every word a search can ask for that folding the whole text found (%s)', async (config) => {
    const rows: { before: string[]; now: string[] }[] = await docs.ds.query(
      `SELECT array(SELECT lexeme FROM unnest(reference.whole_text_words($1::regconfig, t)) ORDER BY 1) AS before,
              array(SELECT lexeme FROM unnest(docs.search_words($1::regconfig, t)) ORDER BY 1) AS now
       FROM unnest($2::text[]) AS t`,
      [config, TEXTS],
    );
    // A search is cut into letters and digits (search-query.ts): a whole "joão.silva@exemplo.pt" is never asked for.
    const askable = (word: string) => /^[\p{L}\p{N}]+$/u.test(word);
    rows.forEach((row, i) => expect({ text: TEXTS[i], missing: row.before.filter((w) => askable(w) && !row.now.includes(w)) }).toEqual({ text: TEXTS[i], missing: [] }));
  });

  it.each(['simple', 'portuguese'])('counts each word the text has as often as the text has it (%s)', async (config) => {
    const rows: { plain: number; now: number }[] = await docs.ds.query(
      `SELECT p.lexeme, cardinality(p.positions) AS plain, cardinality(n.positions) AS now
       FROM unnest($2::text[]) AS t, unnest(to_tsvector($1::regconfig, t)) AS p JOIN unnest(docs.search_words($1::regconfig, t)) AS n USING (lexeme)`,
      [config, TEXTS],
    );
    expect(rows.length).toBeGreaterThan(500);
    expect(rows.filter((r) => r.now !== r.plain)).toEqual([]);
  });

  it('finds numbers and references by the parts a search asks for', async () => {
    const text = 'Fatura FT 2024/117, NIF 123-456-789, total 1.250,50 €, geral@empresa.pt, emitida a 12/05/2024, ref. AB-2024-117';
    const [row] = await docs.ds.query(`SELECT array(SELECT lexeme FROM unnest(docs.search_words('simple', $1))) AS words, array(SELECT lexeme FROM unnest(to_tsvector('simple', $1))) AS parsed`, [text]);
    const parts = ['2024', '117', '123', '456', '789', '1', '250', '50', 'geral', 'empresa', 'pt', '12', '05', 'ab'];
    expect(parts.filter((w) => !row.words.includes(w))).toEqual([]);
    // The parser alone keeps whole tokens ("2024/117", "-456", "geral@empresa.pt"), which a search cut at punctuation never asks for.
    expect(['117', '456', '789', '250', 'geral', 'empresa'].filter((w) => row.parsed.includes(w))).toEqual([]);
  });

  it('adds the folded words, also where joining them could have made a markup tag', async () => {
    const [row] = await docs.ds.query(`SELECT array(SELECT lexeme FROM unnest(docs.search_words('simple', $1))) AS words`, [TEXTS.join('\n')]);
    const folded = ['lodz', 'strasse', 'soren', 'aebleskiver', 'sao', 'mas', 'relatorio', 'entao', 'senao', 'minimo', 'nao', 'versao', 'citacao'];
    expect(folded.filter((word) => !row.words.includes(word))).toEqual([]);
  });

  it('adds the words inside a markup tag, which were not found before', async () => {
    const [row] = await docs.ds.query(`SELECT reference.whole_text_words('simple', $1)::text AS before, docs.search_words('simple', $1)::text AS now`, [MARKUP]);
    expect(row.before).toBe("'fatura':1,2");
    expect(row.now).toBe("'class':2 'fatura':1 'p':5 'titulo':3");
  });

  it('parses a text with nothing to fold or cut once, as to_tsvector does', async () => {
    const [row] = await docs.ds.query(`SELECT docs.search_words('simple', $1)::text AS words, to_tsvector('simple', $1)::text AS plain`, ['plain words only, and 42 numbers: nothing to add']);
    expect(row.words).toBe(row.plain);
  });
});
