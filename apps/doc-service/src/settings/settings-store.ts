import { Inject, Injectable, Logger } from '@nestjs/common';
import { type AiSettings, AiSettingsSchema, AppError, DEFAULT_AI_SETTINGS } from '@intake/contracts';
import { SecretBox } from '@intake/db';
import { DOC_CONFIG, type DocServiceConfig } from '../config';
import { SettingsFile } from './settings-file';

const TTL_MS = 30_000;

/** On disk the API key is encrypted (AES-256-GCM with SECRETS_KEY); everything else is plain. */
const StoredSettingsSchema = AiSettingsSchema.omit({ api_key: true }).extend({
  api_key_encrypted: AiSettingsSchema.shape.api_key,
});

/**
 * The AI settings, read through a 30 s cache: every replica sees an admin's change within that,
 * and the process that wrote it at once.
 */
@Injectable()
export class SettingsStore {
  private readonly logger = new Logger('SettingsStore');
  private readonly file: SettingsFile;
  private cached?: { settings: AiSettings; at: number };

  constructor(
    @Inject(DOC_CONFIG) config: DocServiceConfig,
    private readonly secrets: SecretBox,
  ) {
    this.file = new SettingsFile(config.settingsFile);
  }

  async get(): Promise<AiSettings> {
    if (this.cached && Date.now() - this.cached.at < TTL_MS) return this.cached.settings;
    const settings = await this.load();
    this.cached = { settings, at: Date.now() };
    return settings;
  }

  async save(settings: AiSettings): Promise<void> {
    const { api_key, ...rest } = settings;
    await this.file.write({ ...rest, api_key_encrypted: api_key ? this.secrets.encrypt(api_key) : null });
    this.cached = { settings, at: Date.now() };
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
    const { api_key_encrypted, ...rest } = parsed.data;
    let apiKey: string | null = null;
    if (api_key_encrypted) {
      try {
        apiKey = this.secrets.decrypt(api_key_encrypted);
      } catch {
        // Still serve the settings, so an admin can enter the key again on the settings page.
        this.logger.error(`the API key in ${this.file.path} cannot be decrypted with this SECRETS_KEY; treating it as unset`);
      }
    }
    return { ...rest, api_key: apiKey };
  }
}
