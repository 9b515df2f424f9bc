import { NocoBaseSettingsInputSchema } from '@intake/contracts';
import { patchNocoBaseSettings, splitNocoBaseSettings } from './nocobase-target';

const stored = splitNocoBaseSettings(NocoBaseSettingsInputSchema.parse({ host: 'db', database: 'nocobase', user: 'nb', password: 'secret-1234' })).settings;

describe('NocoBase target settings', () => {
  it('fills the defaults and keeps the password apart', () => {
    const { settings, password } = splitNocoBaseSettings(NocoBaseSettingsInputSchema.parse({ host: 'db', database: 'nocobase', user: 'nb', table_prefix: '' }));
    expect(settings).toEqual({ host: 'db', port: 5432, database: 'nocobase', user: 'nb', schema: 'public', table_prefix: null, ssl: false, acting_user_id: null, snowflake_worker_id: 31 });
    expect(password).toBe('');
  });

  it('keeps the stored password when none or the masked one is sent, and changes or clears it otherwise', () => {
    expect(patchNocoBaseSettings(stored, { port: 6543 })).toEqual({ settings: { ...stored, port: 6543 }, password: undefined });
    expect(patchNocoBaseSettings(stored, { password: '••••1234' }).password).toBeUndefined();
    expect(patchNocoBaseSettings(stored, { password: 'new-one' }).password).toBe('new-one');
    expect(patchNocoBaseSettings(stored, { password: null }).password).toBe('');
  });

  it('refuses a bad patch naming the field', () => {
    expect(() => patchNocoBaseSettings(stored, { snowflake_worker_id: 32 })).toThrow(/snowflake_worker_id/);
  });
});
