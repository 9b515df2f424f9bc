import { syncFolder } from '@intake/storage';
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * A JSON file replaced atomically: the new content goes to a temp file in the same folder, is
 * flushed to disk, then renamed over the old one, so a crash at any moment leaves either the old
 * file or the new one, never half of either.
 */
export class SettingsFile {
  constructor(readonly path: string) {}

  /** The parsed content, or undefined when there is no file yet. */
  async read(): Promise<unknown> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new Error(`The settings file ${this.path} is not valid JSON (${(error as Error).message}); fix or remove it`);
    }
  }

  async write(value: unknown): Promise<void> {
    const dir = dirname(this.path);
    await mkdir(dir, { recursive: true });
    const temp = join(dir, `.${basename(this.path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(value, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temp, this.path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    await syncFolder(dir);
  }
}
