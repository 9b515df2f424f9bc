import { WORKSPACE_ROOT, waitFor } from '@intake/testing';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SettingsFile } from './settings-file';

describe('SettingsFile', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'intake-settings-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads nothing before the first write, then what was written, readable by its owner only', async () => {
    const file = new SettingsFile(join(dir, 'config', 'doc_service_config.json'));
    expect(await file.read()).toBeUndefined();
    await file.write({ provider: 'ollama', model: 'llama3.2' });
    expect(await file.read()).toEqual({ provider: 'ollama', model: 'llama3.2' });
    expect(statSync(file.path).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(dir, 'config'))).toEqual(['doc_service_config.json']);
  });

  it('names the file when its content is not JSON', async () => {
    const path = join(dir, 'doc_service_config.json');
    writeFileSync(path, '{"provider": "rules",');
    await expect(new SettingsFile(path).read()).rejects.toThrow(`The settings file ${path} is not valid JSON`);
  });

  it('survives a crash in the middle of a write: the file is always the old or the new content, whole', async () => {
    const path = join(dir, 'doc_service_config.json');
    // A real process writing ~2 MB settings over and over, killed without warning mid-write.
    const script = `
      const { SettingsFile } = require(${JSON.stringify(join(WORKSPACE_ROOT, 'dist/apps/doc-service/src/settings/settings-file.js'))});
      const file = new SettingsFile(${JSON.stringify(path)});
      (async () => { for (let i = 0; ; i++) { await file.write({ round: i, padding: String(i % 10).repeat(2_000_000) }); process.stdout.write(i + '\\n'); } })();`;
    for (let attempt = 0; attempt < 5; attempt++) {
      const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      let rounds = 0;
      child.stdout.on('data', (chunk: Buffer) => (rounds += chunk.toString().split('\n').length - 1));
      await waitFor(() => rounds >= 2 + attempt, 20_000);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      const content = JSON.parse(readFileSync(path, 'utf8')) as { round: number; padding: string };
      expect(content.padding).toBe(String(content.round % 10).repeat(2_000_000));
      expect(content.round).toBeGreaterThanOrEqual(rounds - 1);
    }
    // Leftover temp files of killed writers never replace the settings.
    expect(readdirSync(dir).filter((f) => !f.endsWith('.tmp'))).toEqual(['doc_service_config.json']);
  });
});
