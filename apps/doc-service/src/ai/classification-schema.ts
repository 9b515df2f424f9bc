import { z } from 'zod';

const confidence = z.number().min(0).max(1);
const snippet = z.string().nullable();
const field = <T extends z.ZodType>(value: T) => z.object({ value: value.nullable(), confidence, snippet });

/**
 * The one definition of what a model must answer. Validation uses it as is; the JSON schema sent
 * to the APIs is derived from it (z.object emits additionalProperties:false and lists every key as
 * required, which OpenAI-style strict json_schema demands). Type and category names are free
 * strings on purpose: names outside the configured lists become suggestions for an admin.
 */
export const ModelAnswerSchema = z.object({
  document_type: field(z.string()),
  title: field(z.string()),
  date: field(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)),
  amount: field(z.number()),
  currency: field(z.string()),
  counterparty: field(z.string()),
  summary: field(z.string()),
  categories: z.array(z.object({ name: z.string(), confidence, snippet })),
});
export type ModelAnswer = z.output<typeof ModelAnswerSchema>;

/** JSON schema of ModelAnswerSchema, without `$schema` (Anthropic's input_schema and some servers reject unknown meta keys). */
export const MODEL_ANSWER_JSON_SCHEMA: Record<string, unknown> = (() => {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(ModelAnswerSchema) as Record<string, unknown>;
  return schema;
})();
