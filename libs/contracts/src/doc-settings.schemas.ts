import { uuid } from './ids';
import { NameSchema } from './names';
import { StorableText } from './storable-text';
import { z } from 'zod';

/** The providers that spend tokens; the offline rules do not. */
export const AI_PROVIDERS = ['anthropic', 'ollama', 'lmstudio'] as const;
export type AiProviderName = (typeof AI_PROVIDERS)[number];
export const PROVIDERS = ['rules', ...AI_PROVIDERS] as const;
export type ProviderName = (typeof PROVIDERS)[number];

/** The same value for each AI provider. */
export const forEachAiProvider = <T>(value: T): Record<AiProviderName, T> => Object.fromEntries(AI_PROVIDERS.map((p) => [p, value])) as Record<AiProviderName, T>;
/** Tokens (in + out) a provider may spend per UTC day; null = no limit. */
export const TokenBudgetSchema = z.number().int().positive().nullable();

/** Each AI provider's own daily budget: a paid API and a model on the office's own server are not alike. */
export const TokenBudgetsSchema = z.strictObject(forEachAiProvider(TokenBudgetSchema.default(null)));
export type TokenBudgets = z.output<typeof TokenBudgetsSchema>;
/** Some providers' budgets, as a change names them. */
export const TokenBudgetChangesSchema = z.strictObject(forEachAiProvider(TokenBudgetSchema.optional()));

// As a user's category is named: a type or category the database cannot store, or one of nothing visible, is refused here.
const name = NameSchema;

/** A name or a phrase, not a paragraph: a fuzzy search costs in proportion to its length. */
export const FUZZY_PHRASE_MAX = 200;

/**
 * One matching rule, as paperless-ngx matches: `any` word, `all` words, a `literal` phrase, a
 * `regex`, or a phrase found `fuzzy` (90 % alike); case-insensitive unless asked.
 */
export const MatchRuleSchema = z
  .strictObject({
    name,
    match: z.string().min(1).max(2000),
    algorithm: z.enum(['any', 'all', 'literal', 'regex', 'fuzzy']).default('any'),
    case_sensitive: z.boolean().default(false),
  })
  .superRefine((rule, ctx) => {
    if (rule.algorithm !== 'fuzzy') return;
    // A phrase is compared by its letters and digits; each edit it allows is searched for.
    if (!/[\p{L}\p{N}]/u.test(rule.match)) ctx.addIssue({ code: 'custom', path: ['match'], message: `the fuzzy phrase of rule "${rule.name}" has no letter or digit to look for` });
    // Counted as compared: a compatibility character spelt out (ﷺ is 18 letters), accents not counted.
    const letters = rule.match.normalize('NFKD').replace(/\p{M}/gu, '').length;
    if (letters > FUZZY_PHRASE_MAX) ctx.addIssue({ code: 'custom', path: ['match'], message: `the fuzzy phrase of rule "${rule.name}" is longer than ${FUZZY_PHRASE_MAX} characters` });
  });
export type MatchRule = z.output<typeof MatchRuleSchema>;
export const MatchRulesSchema = z.array(MatchRuleSchema).max(500);

/** Keys entered for other providers or addresses than the one in use, kept so that switching back needs no new entry. */
export const MAX_KEPT_KEYS = 10;

/** A key kept for a provider at an address; each goes only there (masked when read). */
export const KeptKeySchema = z.strictObject({
  provider: z.enum(AI_PROVIDERS),
  base_url: z.url({ protocol: /^https?$/ }).nullable().describe("null: the provider's own default address"),
  api_key: z.string().max(500),
});
export type KeptKey = z.output<typeof KeptKeySchema>;

/**
 * What an admin sets on doc-service's settings page, and what GET and PUT /api/settings answer (the
 * API key masked there); the file on disk holds the key encrypted.
 */
export const AiSettingsSchema = z.strictObject({
  provider: z.enum(PROVIDERS).default('rules'),
  model: StorableText.trim().max(200).default(''),
  base_url: z.url({ protocol: /^https?$/ }).nullable().default(null),
  api_key: z.string().max(500).nullable().default(null),
  /** The keys of the providers or addresses used before, newest first. */
  kept_keys: z.array(KeptKeySchema).max(MAX_KEPT_KEYS).default([]),
  /** Largest PDF accepted, in MB. */
  max_file_mb: z.number().positive().max(1024).default(50),
  /** Pages read from one PDF; the rest is ignored (and said so). */
  max_pages: z.number().int().positive().max(10_000).default(500),
  /** Characters of extracted text sent to a provider. */
  max_text_chars: z.number().int().min(500).max(500_000).default(20_000),
  /** Seconds a provider call may take. */
  timeout_s: z.number().min(1).max(600).default(60),
  /** Tokens (in + out) each AI provider may spend per UTC day. */
  daily_token_budget: TokenBudgetsSchema.default(forEachAiProvider(null)),
  /** PostgreSQL text-search configuration for full-text search ('simple' suits Portuguese and English together). */
  search_language: z.string().regex(/^[a-z_]+$/).default('simple'),
  document_types: z.array(name).max(200).default(['invoice', 'receipt', 'contract', 'bank statement', 'letter', 'other']),
  categories: z.array(name).max(500).default([]),
  rules: z
    .strictObject({
      document_types: MatchRulesSchema.default([]),
      categories: MatchRulesSchema.default([]),
    })
    .default({ document_types: [], categories: [] }),
});
export type AiSettings = z.output<typeof AiSettingsSchema>;

export const DEFAULT_AI_SETTINGS: AiSettings = AiSettingsSchema.parse({});

export const ConnectionTestSchema = z.strictObject({
  ok: z.boolean(),
  provider: z.enum(PROVIDERS),
  model: z.string(),
  detail: z.string().describe("What the provider answered, or why it did not"),
  failure: z.string().optional().describe('unauthorized, rate_limited, timeout, unreachable, …'),
});
export type ConnectionTest = z.infer<typeof ConnectionTestSchema>;

/** A document type or category a model proposed outside the configured lists, for an admin to accept or dismiss. */
export const SuggestionSchema = z.strictObject({
  id: uuid(),
  kind: z.enum(['document_type', 'category']),
  name: z.string(),
  times: z.number().int().describe('How many times a model proposed it'),
  last_document_id: uuid().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Suggestion = z.infer<typeof SuggestionSchema>;

/** Provider calls: today's (UTC) per provider against its daily budget, and the latest calls with their outcome. */
export const AiUsageSchema = z.strictObject({
  daily_token_budget: TokenBudgetsSchema,
  today: z.array(z.strictObject({ provider: z.string(), calls: z.number().int(), tokens_in: z.number().int(), tokens_out: z.number().int() })),
  recent: z.array(
    z.strictObject({
      provider: z.string(),
      model: z.string(),
      document_id: uuid().nullable().describe('null for a connection test'),
      tokens_in: z.number().int(),
      tokens_out: z.number().int(),
      duration_ms: z.number().int(),
      outcome: z.string().describe('ok, or what went wrong: unauthorized, rate_limited, invalid_output, …'),
      error: z.string().nullable(),
      created_at: z.string(),
    }),
  ),
});
export type AiUsage = z.infer<typeof AiUsageSchema>;
