import { EXTRACTED_FIELDS, NameSchema, StorableText, uuid } from '@intake/contracts';
import { z } from 'zod';
import { IsoDateSchema } from '../iso-date';

const MAX_AMOUNT = 1e13;

/** A text correction; one left blank clears the value (null), as an emptied detail does elsewhere, instead of storing "". */
const correctedText = (max: number) =>
  StorableText.trim()
    .max(max)
    .nullable()
    .transform((v) => (v === '' ? null : v));

/** PATCH /api/documents/:id: the user's corrections (null clears a value); they win over the AI. */
export const UpdateDocumentSchema = z
  .strictObject({
    title: correctedText(500),
    // A type as the settings' types are written: made plain, so the type list and filter find it.
    document_type: NameSchema.nullable(),
    document_date: IsoDateSchema.nullable(),
    // Kept in cents: 12.345 would be stored as 12.35 while the correction said 12.345. A JSON number
    // carries cents exactly only up to about 9e13, so the bound is 1e13, not what the column holds.
    amount: z
      .number()
      .finite()
      .min(-MAX_AMOUNT, `must be between -${MAX_AMOUNT.toLocaleString('en')} and ${MAX_AMOUNT.toLocaleString('en')}`)
      .max(MAX_AMOUNT, `must be between -${MAX_AMOUNT.toLocaleString('en')} and ${MAX_AMOUNT.toLocaleString('en')}`)
      .refine((v) => Math.round(v * 100) / 100 === v, 'at most two decimal places')
      .nullable(),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter currency code like EUR').nullable(),
    counterparty: correctedText(500),
    summary: correctedText(5000),
    category_ids: z.array(uuid()).max(200),
    reset_fields: z
      .array(z.enum(EXTRACTED_FIELDS, { error: `must be among ${EXTRACTED_FIELDS.join(', ')}` }))
      .max(EXTRACTED_FIELDS.length)
      .transform((fields) => [...new Set(fields)])
      .describe("Fields whose correction is dropped: they show the AI's value again, and re-processing sets them"),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'send at least one field to change')
  .superRefine((v, ctx) => {
    for (const field of v.reset_fields ?? []) {
      if (field in v) ctx.addIssue({ code: 'custom', path: ['reset_fields'], message: `${field} is both corrected and reset; send one of the two` });
    }
  });
export type UpdateDocumentInput = z.output<typeof UpdateDocumentSchema>;
