import {
  AppError,
  NocoBaseSettingsInputSchema,
  type NocoBaseSettings,
  type NocoBaseSettingsInput,
  type NocoBaseSettingsPatch,
  NocoBaseSettingsPatchSchema,
  parseOrThrow,
} from '@intake/contracts';
import { extendsMask, isMaskedSecret } from '@intake/db';

/** A NocoBase target's settings as stored in `targets.settings` (the password lives in `secrets`). */
export type StoredNocoBaseSettings = Omit<NocoBaseSettingsInput, 'password'>;

const StoredSchema = NocoBaseSettingsInputSchema.omit({ password: true });

/** Everything needed to open a connection to a NocoBase target's database. */
export interface NocoBaseConnection extends StoredNocoBaseSettings {
  targetId: string;
  password: string;
}

export function splitNocoBaseSettings(input: NocoBaseSettingsInput): { settings: StoredNocoBaseSettings; password: string } {
  const { password, ...settings } = input;
  return { settings, password: password ?? '' };
}

export function readNocoBaseSettings(stored: Record<string, unknown>): StoredNocoBaseSettings {
  return StoredSchema.parse(stored);
}

/**
 * Applies a PATCH to stored settings. The password stays when it is absent or the masked value we
 * showed; null or '' clears it. Returns undefined for the password when it is to be kept.
 */
export function patchNocoBaseSettings(
  stored: StoredNocoBaseSettings,
  rawPatch: unknown,
): { settings: StoredNocoBaseSettings; password: string | undefined } {
  const { password, ...patch } = parseOrThrow(NocoBaseSettingsPatchSchema, rawPatch, 'settings') as NocoBaseSettingsPatch;
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  if (extendsMask(password)) {
    const message = 'settings.password: still starts with the masked password (••••); clear the field, then enter the new one';
    throw new AppError('VALIDATION_FAILED', message, { fields: [{ field: 'settings.password', message: 'starts with the mask' }] });
  }
  const keep = password === undefined || isMaskedSecret(password);
  return { settings: readNocoBaseSettings({ ...stored, ...defined }), password: keep ? undefined : (password ?? '') };
}

/**
 * Whether changed settings would send the stored password somewhere else: another host or port, or
 * the same without TLS. It goes only where it was entered for, so such a change needs it again.
 */
export function sendsPasswordElsewhere(stored: StoredNocoBaseSettings, changed: StoredNocoBaseSettings): boolean {
  return changed.host.toLowerCase() !== stored.host.toLowerCase() || changed.port !== stored.port || (stored.ssl && !changed.ssl);
}

export function nocoBaseSettingsDto(stored: StoredNocoBaseSettings, maskedPassword: string | null): NocoBaseSettings {
  return { ...stored, password: maskedPassword };
}
