import { z } from 'zod';
import { AiSettingsSchema } from './ai-settings';

/**
 * What PUT /api/settings and POST /api/settings/test take: any subset of the settings. An `api_key`
 * that comes back masked (as GET shows it) or absent keeps the stored key; null removes it.
 */
export const SettingsInputSchema = AiSettingsSchema.partial().extend({
  // The masked form is longer than a key may be shown, so it is accepted here and recognised below.
  api_key: z.string().max(500).nullable().optional(),
});
export type SettingsInput = z.output<typeof SettingsInputSchema>;

export const MASK_PREFIX = '••••';

export function keepsStoredKey(input: SettingsInput): boolean {
  return input.api_key === undefined || (typeof input.api_key === 'string' && input.api_key.startsWith(MASK_PREFIX));
}
