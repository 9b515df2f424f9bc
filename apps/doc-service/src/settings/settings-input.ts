import { z } from 'zod';
import { AI_PROVIDERS, AiSettingsSchema, MatchRulesSchema, nameKey, TokenBudgetChangesSchema, TokenBudgetSchema } from '@intake/contracts';
import { extendsMask, isMaskedSecret } from '@intake/db';

type Shape = typeof AiSettingsSchema.shape;
type WithoutDefaults = { [K in keyof Shape]: z.ZodOptional<Shape[K] extends z.ZodDefault<infer Inner> ? Inner : Shape[K]> };

/**
 * Each setting optional and WITHOUT its default: zod 4 applies a default even inside `.partial()`,
 * so `{ api_key: null }` would come out as every other setting reset to its default.
 */
const optionalFields = Object.fromEntries(
  Object.entries(AiSettingsSchema.shape).map(([key, field]) => [key, (field instanceof z.ZodDefault ? field.unwrap() : field).optional()]),
) as WithoutDefaults;

/** Where clouds hand out a machine's credentials: no AI provider lives there, and a connection test must not read them. */
const METADATA_HOSTS = new Set(['169.254.169.254', '169.254.170.2', '100.100.100.200', 'fd00:ec2::254', 'metadata.google.internal', 'metadata']);

function isMetadataHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  // An IPv4 address written as IPv6 (::ffff:169.254.169.254, which URL turns into ::ffff:a9fe:a9fe) is that address.
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  const v4 = mapped ? [parseInt(mapped[1], 16) >> 8, parseInt(mapped[1], 16) & 255, parseInt(mapped[2], 16) >> 8, parseInt(mapped[2], 16) & 255].join('.') : host;
  return METADATA_HOSTS.has(v4);
}

/** A list of names may hold each name once, whatever its case: "Invoice" and "invoice" would be one type twice. */
function once(names: string[], ctx: z.RefinementCtx): void {
  const seen = new Map<string, string>();
  names.forEach((name, index) => {
    const key = nameKey(name);
    const first = seen.get(key);
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: [index], message: `“${name}” is listed twice (also as “${first}”)` });
    else seen.set(key, name);
  });
}

/** A provider and address a key was entered for. */
const endpoint = { provider: z.enum(AI_PROVIDERS), base_url: AiSettingsSchema.shape.base_url.unwrap() };

/**
 * What PUT /api/settings and POST /api/settings/test take: any subset of the settings; what is
 * absent stays as stored (in `rules`, each list too; in `daily_token_budget`, each provider's).
 * An `api_key` that comes back masked (as GET shows it) or absent keeps the key stored for the
 * provider and address being set (in use, or kept); null removes it.
 */
export const SettingsInputSchema = z
  .strictObject(optionalFields)
  .extend({
    // The masked form is longer than a key may be shown, so it is accepted here and recognised below.
    api_key: z
      .string()
      .max(500)
      .refine((key) => !extendsMask(key), 'still starts with the masked key (••••): clear the field, then enter the new key')
      // A key goes in an HTTP header: a line break or a letter beyond ASCII would only fail at the first call.
      .refine((key) => isMaskedSecret(key) || /^[\x21-\x7e]*$/.test(key.trim()), 'must be printable ASCII, without spaces or line breaks, as API keys are')
      .nullable()
      .optional(),
    // Read-only: accepted as GET shows it, so that a form sent back as it came is taken, and changes nothing.
    kept_keys: z.array(z.strictObject({ ...endpoint, api_key: z.string().refine(isMaskedSecret, 'a kept key can only be shown masked; forget it with forget_keys, or enter a new key with its provider selected') })).max(100).optional(),
    // The kept keys to forget, by provider and address: naming only these, a page loaded before another admin's change forgets nothing else.
    forget_keys: z.array(z.strictObject(endpoint)).max(100).optional(),
    // Checked on what comes in, not on the stored file: settings saved before these checks still load.
    base_url: AiSettingsSchema.shape.base_url.unwrap().refine((url) => url === null || !isMetadataHost(new URL(url).hostname), 'must not point at a cloud metadata address').optional(),
    max_file_mb: AiSettingsSchema.shape.max_file_mb.unwrap().min(0.01, 'must be at least 0.01 (about 10 KB)').optional(),
    document_types: AiSettingsSchema.shape.document_types.unwrap().superRefine(once).optional(),
    categories: AiSettingsSchema.shape.categories.unwrap().superRefine(once).optional(),
    // Each list on its own: sending the type rules leaves the category rules as stored.
    rules: z.strictObject({ document_types: MatchRulesSchema.optional(), categories: MatchRulesSchema.optional() }).optional(),
    // One figure (or null) for every provider, or some providers' own, the others staying as stored.
    daily_token_budget: z.union([TokenBudgetSchema, TokenBudgetChangesSchema]).optional(),
  });
export type SettingsInput = z.output<typeof SettingsInputSchema>;

export function keepsStoredKey(input: SettingsInput): boolean {
  return input.api_key === undefined || isMaskedSecret(input.api_key);
}
