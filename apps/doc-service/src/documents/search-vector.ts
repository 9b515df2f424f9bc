/** Text beyond this is stored but not indexed: a tsvector must stay under 1 MB. */
const INDEXED_TEXT_CHARS = 150_000;

/**
 * How stored vectors are built; bump it with any change to `searchVectorSql`, and SearchIndex
 * rebuilds the vectors of an older format when the service starts. 2: accents folded.
 */
export const SEARCH_FORMAT = 2;

type SearchedColumn = 'title' | 'counterparty' | 'document_type' | 'file_name' | 'summary' | 'text';

/**
 * The document's full-text vector, built in SQL with the text-search configuration in parameter
 * `$n`: title first, then who and what, then the summary, then the text. `column` names where each
 * value comes from (the row's own columns unless said otherwise). Accents are folded
 * (`docs.unaccented`), as in the query, so a search matches with or without them.
 */
export function searchVectorSql(n: number, column: (name: SearchedColumn) => string = (name) => name): string {
  const cfg = `$${n}::regconfig`;
  const c = column;
  const vector = (text: string) => `to_tsvector(${cfg}, docs.unaccented(${text}))`;
  return `setweight(${vector(`coalesce(${c('title')}, '')`)}, 'A')
    || setweight(${vector(`coalesce(${c('counterparty')}, '') || ' ' || coalesce(${c('document_type')}, '') || ' ' || regexp_replace(${c('file_name')}, '[^[:alnum:]]+', ' ', 'g')`)}, 'B')
    || setweight(${vector(`coalesce(${c('summary')}, '')`)}, 'C')
    || setweight(${vector(`left(coalesce(${c('text')}, ''), ${INDEXED_TEXT_CHARS})`)}, 'D')`;
}
