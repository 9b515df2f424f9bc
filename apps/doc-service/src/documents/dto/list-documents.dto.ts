import { NameSchema, StorableText, uuid } from '@intake/contracts';
import { z } from 'zod';
import { IsoDateSchema } from '../iso-date';
import { MAX_SEARCH_PARTS, MAX_SEARCH_WORDS, searchWords, typedWords } from '../search-query';

const STATUSES = ['queued', 'processing', 'done', 'failed'] as const;
export const SORTS = ['created_at', 'document_date', 'amount', 'title', 'file_name', 'relevance'] as const;

/** An amount as the API writes it: digits, a point before at most two decimals, a minus for a credit. */
const amount = z
  .string()
  .regex(/^-?\d{1,16}(\.\d{1,2})?$/, 'must be an amount like 1258.98 (a point before the decimals, no thousands separators)')
  .describe('An amount, e.g. 1258.98 or -40');

/** What narrows and orders a user's documents: every filter optional; `sort` is a field, `-field` for descending. */
const filters = {
  status: z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.enum(STATUSES, { error: `must be one or more of ${STATUSES.join(', ')}` })).min(1))
    .optional(),
  // Compared as names are (docs.name_key), made plain as the stored types are.
  type: NameSchema.optional(),
  // 'none': the documents filed in no category, the ones still to file.
  category_id: z.literal('none').or(uuid({ error: "must be the id of one of your categories, or 'none'" })).optional(),
  date_from: IsoDateSchema.optional(),
  date_to: IsoDateSchema.optional(),
  // false: the documents no date was read for (or corrected to), the ones a period never shows.
  dated: z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true').optional(),
  amount_min: amount.optional(),
  amount_max: amount.optional(),
  // An amount range means one currency: 1,258.98 GBP is not 1.258,98 EUR.
  currency: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{3}$/, 'must be a currency code of three letters, such as EUR')
    .transform((code) => code.toUpperCase())
    .optional(),
  // Punctuation alone makes no search: refused, rather than read as no filter and answered with everything.
  q: StorableText.trim()
    .max(200)
    .refine((q) => q === '' || /[\p{L}\p{N}]/u.test(q), 'has no letters or digits to search for')
    .refine((q) => typedWords(q).length <= MAX_SEARCH_WORDS, `has more than ${MAX_SEARCH_WORDS} words; a search takes at most ${MAX_SEARCH_WORDS}`)
    .refine((q) => searchWords(q).length <= MAX_SEARCH_PARTS, `has more than ${MAX_SEARCH_PARTS} parts of letters or digits ("2024/117" is two); a search takes at most ${MAX_SEARCH_PARTS}`)
    .optional(),
  sort: z
    .string()
    .regex(new RegExp(`^-?(${SORTS.join('|')})$`), `must be one of ${SORTS.join(', ')}, with - for descending`)
    .default('-created_at'),
};
const datesInOrder = { message: 'date_from must not be after date_to', path: ['date_from'] };
const inOrder = (v: { date_from?: string; date_to?: string }) => !v.date_from || !v.date_to || v.date_from <= v.date_to;
const amountsInOrder = { message: 'amount_min must not be more than amount_max', path: ['amount_min'] };
const amountsOrdered = (v: { amount_min?: string; amount_max?: string }) => !v.amount_min || !v.amount_max || Number(v.amount_min) <= Number(v.amount_max);
// Undated documents have no date to fall in a range: both asked would always answer nothing.
const undatedAlone = { message: 'dated=false cannot be combined with date_from or date_to', path: ['dated'] };
const datedOrRange = (v: { dated?: boolean; date_from?: string; date_to?: string }) => v.dated !== false || (!v.date_from && !v.date_to);
// Relevance ranks by a search: without one it would quietly be the newest first.
const rankedBySearch = { message: 'sorting by relevance needs a search (q)', path: ['sort'] };
const hasSearch = (v: { sort: string; q?: string }) => !v.sort.endsWith('relevance') || !!v.q;

/** A whole number as digits: "0x10", "1e2" or " 10" are refused, not read as some number. */
const wholeNumber = (max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(1).max(max))
    .default(fallback)
    .describe(`A whole number from 1 to ${max}; ${fallback} when not given`);

/** GET /api/documents query. */
export const ListDocumentsSchema = z
  .strictObject({
    ...filters,
    page: wholeNumber(100_000, 1),
    page_size: wholeNumber(100, 25),
  })
  .refine(inOrder, datesInOrder)
  .refine(amountsOrdered, amountsInOrder)
  .refine(datedOrRange, undatedAlone)
  .refine(hasSearch, rankedBySearch);
export type ListDocumentsQuery = z.output<typeof ListDocumentsSchema>;

/** `check=true`: answer what the file would hold (or why it would be refused) instead of it. */
const check = z.enum(['true', 'false'], { error: 'must be true or false' }).default('false').transform((v) => v === 'true');

/** GET /api/documents/export query: the list's filters and sort, and the file format. */
export const ExportDocumentsSchema = z
  .strictObject({
    ...filters,
    format: z.enum(['csv', 'xlsx'], { error: 'must be csv or xlsx' }).default('csv'),
    check,
  })
  .refine(inOrder, datesInOrder)
  .refine(amountsOrdered, amountsInOrder)
  .refine(datedOrRange, undatedAlone)
  .refine(hasSearch, rankedBySearch);
export type ExportDocumentsQuery = z.output<typeof ExportDocumentsSchema>;

/** GET /api/documents/archive query: the list's filters and sort. */
export const ArchiveDocumentsSchema = z
  .strictObject({ ...filters, check })
  .refine(inOrder, datesInOrder)
  .refine(amountsOrdered, amountsInOrder)
  .refine(datedOrRange, undatedAlone)
  .refine(hasSearch, rankedBySearch);
export type ArchiveDocumentsQuery = z.output<typeof ArchiveDocumentsSchema>;

/** The filters and sort of any of these queries. */
export type DocumentFilters = Omit<ListDocumentsQuery, 'page' | 'page_size'>;
