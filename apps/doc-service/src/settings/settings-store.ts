import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type AiSettings, AiSettingsSchema, AppError, DEFAULT_AI_SETTINGS, DOC_SETTINGS_CHANGED, forEachAiProvider, KeptKeySchema, MatchRuleSchema, NameSchema, nameKey, TokenBudgetSchema, TokenBudgetsSchema } from '@intake/contracts';
import { SecretBox } from '@intake/db';
import { WORK_CONNECTION } from '@intake/messaging';
import type { NatsConnection, Subscription } from 'nats';
import { isDeepStrictEqual } from 'node:util';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { storable } from '../documents/iso-date';
import { DOC_CONFIG, type DocServiceConfig } from '../config';
import { SettingsFile } from './settings-file';

const TTL_MS = 30_000;
/** pg_advisory_xact_lock key: one settings change at a time, across every replica sharing the file. */
const CHANGE_LOCK = 0x5e771165;
/** Changes worked out again because another replica saved first, before giving up. */
const MAX_CHANGE_ATTEMPTS = 5;

/** A list as an earlier release saved it, read with today's schema for each entry: those it refuses left out. */
const keptWhere = <T extends z.ZodType>(entry: T) =>
  z.array(z.unknown()).transform((list) => list.flatMap((item) => {
    const parsed = entry.safeParse(item);
    return parsed.success ? [parsed.data as z.output<T>] : [];
  }));

/** Names made plain as names are now (NameSchema), each once whatever its case, as first written. */
const storedNames = (fallback: string[]) =>
  keptWhere(NameSchema)
    .transform((names) => {
      const kept = new Map<string, string>();
      for (const name of names) if (!kept.has(nameKey(name))) kept.set(nameKey(name), name);
      return [...kept.values()];
    })
    .default(fallback);

/** Rules whose name cannot be one now (nothing to show, half a surrogate pair) left out. */
const storedRules = keptWhere(MatchRuleSchema).default([]);

/**
 * On disk the API keys are encrypted (AES-256-GCM with SECRETS_KEY); everything else is plain. A file
 * saved before budgets were per provider holds one figure for all of them; one saved before names
 * were made plain, model names kept clear of NUL and timeouts were at least 1 s is read as it would be
 * saved now.
 */
const StoredSettingsSchema = AiSettingsSchema.omit({ api_key: true, kept_keys: true }).extend({
  document_types: storedNames(DEFAULT_AI_SETTINGS.document_types),
  categories: storedNames(DEFAULT_AI_SETTINGS.categories),
  timeout_s: z.number().positive().max(600).transform((s) => Math.max(1, s)).default(DEFAULT_AI_SETTINGS.timeout_s),
  model: z.string().max(200).transform((model) => storable(model).trim()).default(''),
  rules: z.strictObject({ document_types: storedRules, categories: storedRules }).default({ document_types: [], categories: [] }),
  api_key_encrypted: AiSettingsSchema.shape.api_key,
  kept_keys: z.array(KeptKeySchema.omit({ api_key: true }).extend({ api_key_encrypted: z.string() })).default([]),
  daily_token_budget: z
    .union([TokenBudgetSchema, TokenBudgetsSchema])
    .transform((budget) => (typeof budget === 'object' && budget !== null ? budget : forEachAiProvider(budget)))
    .default(forEachAiProvider(null)),
});

/**
 * The AI settings, read through a 30 s cache. A change is made from the file as it is, one at a
 * time across replicas (so two admins saving at once on two replicas both keep their change), and
 * announced over NATS, so every replica drops its cached copy at once; the 30 s bound holds when
 * an announcement is missed.
 */
@Injectable()
export class SettingsStore implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SettingsStore');
  private readonly file: SettingsFile;
  private cached?: { settings: AiSettings; at: number };
  /** Bumped by every announced change: a read that began before one must not be cached. */
  private announced = 0;
  private changes?: Subscription;

  constructor(
    @Inject(DOC_CONFIG) config: DocServiceConfig,
    private readonly secrets: SecretBox,
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(WORK_CONNECTION) private readonly nats: NatsConnection,
  ) {
    this.file = new SettingsFile(config.settingsFile);
  }

  onApplicationBootstrap(): void {
    this.changes = this.nats.subscribe(DOC_SETTINGS_CHANGED, {
      callback: () => {
        this.announced++;
        this.cached = undefined;
      },
    });
  }

  onApplicationShutdown(): void {
    this.changes?.unsubscribe();
  }

  async get(): Promise<AiSettings> {
    if (this.cached && Date.now() - this.cached.at < TTL_MS) return this.cached.settings;
    const announced = this.announced;
    const settings = await this.load();
    // A change announced while the file was read may have come after this read: read again next time.
    if (announced === this.announced) this.cached = { settings, at: Date.now() };
    return settings;
  }

  /** The text-search language for a document's words; unreadable settings must not keep a document from failing. */
  searchLanguage(): Promise<string> {
    return this.get().then(
      (settings) => settings.search_language,
      () => DEFAULT_AI_SETTINGS.search_language,
    );
  }

  /**
   * Saves what `next` makes of the settings as stored now (not as cached), and answers what was
   * there before and what was saved. `next` (which may validate at length) runs outside the lock;
   * the lock only covers reading the file again and writing it, one replica at a time, so no
   * database connection is held while `next` needs one. Settings changed meanwhile by another
   * replica are worked out again from the new ones.
   */
  async change(next: (current: AiSettings) => Promise<AiSettings>): Promise<{ before: AiSettings; after: AiSettings }> {
    for (let attempt = 1; ; attempt++) {
      const before = await this.load();
      const after = await next(before);
      const saved = await this.db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [CHANGE_LOCK]);
        if (!isDeepStrictEqual(await this.load(), before)) return false;
        const { api_key, kept_keys, ...rest } = after;
        await this.file.write({
          ...rest,
          api_key_encrypted: api_key ? this.secrets.encrypt(api_key) : null,
          // Left out when none is kept, so a file saved then still loads in a release from before kept keys (a rollback).
          ...(kept_keys.length ? { kept_keys: kept_keys.map(({ api_key: key, ...endpoint }) => ({ ...endpoint, api_key_encrypted: this.secrets.encrypt(key) })) } : {}),
        });
        return true;
      });
      if (saved) {
        this.cached = { settings: after, at: Date.now() };
        try {
          this.nats.publish(DOC_SETTINGS_CHANGED);
        } catch (error) {
          // Saved all the same: the other replicas see it within the cache's 30 s.
          this.logger.warn({ err: error }, 'the settings change could not be announced');
        }
        return { before, after };
      }
      if (attempt === MAX_CHANGE_ATTEMPTS) throw new AppError('CONFLICT', 'The settings kept changing while these changes were saved; load them again and retry');
    }
  }

  /** The details (a server path) go to the log; every user may see the answer. */
  private unreadable(detail: string): AppError {
    this.logger.error(detail);
    return new AppError('SERVICE_UNAVAILABLE', 'The document settings cannot be read; an administrator must fix the settings file (see the doc-service log)');
  }

  private async load(): Promise<AiSettings> {
    let raw: unknown;
    try {
      raw = await this.file.read();
    } catch (error) {
      throw this.unreadable((error as Error).message);
    }
    if (raw === undefined) return DEFAULT_AI_SETTINGS;
    const parsed = StoredSettingsSchema.safeParse(raw);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw this.unreadable(`The settings file ${this.file.path} is not valid: ${problems}`);
    }
    const { api_key_encrypted, kept_keys, ...rest } = parsed.data;
    const apiKey = api_key_encrypted ? this.decrypt(api_key_encrypted, 'The API key') : null;
    const kept = kept_keys.flatMap(({ api_key_encrypted: sealed, ...endpoint }) => {
      const key = this.decrypt(sealed, `The key kept for ${endpoint.provider}`);
      return key === null ? [] : [{ ...endpoint, api_key: key }];
    });
    return { ...rest, api_key: apiKey, kept_keys: kept };
  }

  /** Null when the key cannot be read: the settings are still served, so an admin can enter it again on the settings page. */
  private decrypt(sealed: string, what: string): string | null {
    try {
      return this.secrets.decrypt(sealed);
    } catch {
      this.logger.error(`${what} in ${this.file.path} cannot be decrypted with this SECRETS_KEY; treating it as unset`);
      return null;
    }
  }
}
