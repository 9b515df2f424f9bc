import { open } from 'node:fs/promises';

/** Flushes a folder's entries to disk: a rename or a new file is durable only once its folder is. */
export async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  await handle.sync().finally(() => handle.close());
}
