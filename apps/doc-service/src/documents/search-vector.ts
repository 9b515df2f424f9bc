/** Text beyond this is stored but not indexed: a tsvector must stay under 1 MB. */
const INDEXED_TEXT_CHARS = 150_000;

/**
 * The document's full-text vector, built in SQL from its own columns with the text-search
 * configuration in parameter `$n`: title first, then who and what, then the summary, then the text.
 */
export function searchVectorSql(n: number): string {
  const cfg = `$${n}::regconfig`;
  return `setweight(to_tsvector(${cfg}, coalesce(title, '')), 'A')
    || setweight(to_tsvector(${cfg}, coalesce(counterparty, '') || ' ' || coalesce(document_type, '') || ' ' || regexp_replace(file_name, '[^[:alnum:]]+', ' ', 'g')), 'B')
    || setweight(to_tsvector(${cfg}, coalesce(summary, '')), 'C')
    || setweight(to_tsvector(${cfg}, left(coalesce(text, ''), ${INDEXED_TEXT_CHARS})), 'D')`;
}
