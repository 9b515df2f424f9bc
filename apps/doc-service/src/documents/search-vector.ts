/** Text beyond this is stored but not indexed: a tsvector must stay under 1 MB. */
const INDEXED_TEXT_CHARS = 150_000;

type SearchedColumn = 'title' | 'counterparty' | 'document_type' | 'file_name' | 'summary' | 'text';

/**
 * The document's full-text vector, built in SQL with the text-search configuration in parameter
 * `$n`: title first, then who and what, then the summary, then the text. `column` names where each
 * value comes from (the row's own columns unless said otherwise).
 */
export function searchVectorSql(n: number, column: (name: SearchedColumn) => string = (name) => name): string {
  const cfg = `$${n}::regconfig`;
  const c = column;
  return `setweight(to_tsvector(${cfg}, coalesce(${c('title')}, '')), 'A')
    || setweight(to_tsvector(${cfg}, coalesce(${c('counterparty')}, '') || ' ' || coalesce(${c('document_type')}, '') || ' ' || regexp_replace(${c('file_name')}, '[^[:alnum:]]+', ' ', 'g')), 'B')
    || setweight(to_tsvector(${cfg}, coalesce(${c('summary')}, '')), 'C')
    || setweight(to_tsvector(${cfg}, left(coalesce(${c('text')}, ''), ${INDEXED_TEXT_CHARS})), 'D')`;
}
