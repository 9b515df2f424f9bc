/** Text beyond this is stored but not indexed: a tsvector must stay under 1 MB. */
export const INDEXED_TEXT_CHARS = 150_000;

/**
 * How stored vectors are built; bump it with any change to `searchVectorSql` or the functions it
 * calls, and SearchIndex rebuilds the vectors of an older format when the service starts. 2: words
 * also accent-folded; 3: also ł ø đ ð ħ ŧ ı ŀ ß æ œ þ folded (migration 1795830000000); 4: only the
 * accented words folded, so plain words count once (migration 1795870000000).
 */
export const SEARCH_FORMAT = 4;

type SearchedColumn = 'title' | 'counterparty' | 'document_type' | 'file_name' | 'summary' | 'text';

/**
 * The document's full-text vector, built in SQL with the text-search configuration in parameter
 * `$n`: title first, then who and what, then the summary, then the text. `column` names where each
 * value comes from (the row's own columns unless said otherwise). Each text is indexed as written
 * and, when it has accents, also with them folded (`docs.search_words`), so a search matches with
 * or without them. A file name is folded before it is cut into words: an accent stored as a
 * separate mark (as macOS writes names) must not split a word.
 */
export function searchVectorSql(n: number, column: (name: SearchedColumn) => string = (name) => name): string {
  const cfg = `$${n}::regconfig`;
  const c = column;
  const vector = (text: string) => `docs.search_words(${cfg}, ${text})`;
  return `setweight(${vector(`coalesce(${c('title')}, '')`)}, 'A')
    || setweight(${vector(`coalesce(${c('counterparty')}, '') || ' ' || coalesce(${c('document_type')}, '') || ' ' || regexp_replace(docs.unaccented(${c('file_name')}), '[^[:alnum:]]+', ' ', 'g')`)}, 'B')
    || setweight(${vector(`coalesce(${c('summary')}, '')`)}, 'C')
    || setweight(${vector(`left(coalesce(${c('text')}, ''), ${INDEXED_TEXT_CHARS})`)}, 'D')`;
}
