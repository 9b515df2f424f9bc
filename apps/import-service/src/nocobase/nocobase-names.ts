/** Name rules of NocoBase (and Sequelize underneath) that a direct reader of its tables must repeat. */

/** `{{t("Created at")}}` → `Created at`; `{{t('Users', { ns: 'users' })}}` → `Users`; plain text unchanged. */
export function stripTranslation(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  const match = /^\s*\{\{\s*t\(\s*(["'])((?:\\.|(?!\1).)*)\1\s*(?:,[\s\S]*)?\)\s*\}\}\s*$/.exec(text);
  if (!match) return text.trim() || null;
  return match[2].replace(/\\(.)/g, '$1').trim() || null;
}

/** Sequelize's `underscored` naming: `createdById` → `created_by_id`, `f_abc` unchanged. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function qualified(schema: string, table: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(table)}`;
}

/**
 * The real column for a NocoBase field name among a table's columns: as written (camelCase, quoted)
 * or snake_case when the database is underscored — whichever exists, preferring the database's mode;
 * a case-insensitive match as a last resort. Null when the table has no such column.
 */
export function resolveColumn(name: string, columns: ReadonlySet<string>, underscored: boolean): string | null {
  const snake = snakeCase(name);
  for (const candidate of underscored ? [snake, name] : [name, snake]) {
    if (columns.has(candidate)) return candidate;
  }
  const lower = name.toLowerCase();
  for (const column of columns) if (column.toLowerCase() === lower || column.toLowerCase() === snake) return column;
  return null;
}

/** Candidate table names of a collection, in the order NocoBase would use them. */
export function tableCandidates(base: string, prefix: string | null, underscored: boolean): string[] {
  const p = prefix ?? '';
  const snake = snakeCase(base);
  const named = underscored ? [p + snake, p + base] : [p + base, p + snake];
  return [...new Set([...named, base])];
}
