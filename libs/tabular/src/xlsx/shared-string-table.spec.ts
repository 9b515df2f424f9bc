import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import fsPromises, { type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rejection } from '../test-support/sources';
import { SharedStringTable } from './shared-string-table';
import { SpillFileError } from './spill-file';

/** Texts that cross tiny blocks in every way: multi-byte characters, a long text, empty ones. */
function texts(count: number): string[] {
  const samples = ['', 'a', 'Zürich', 'São Paulo', '😀 emoji 👍🏽', '日本語', 'x'.repeat(200), 'é'.repeat(70)];
  return Array.from({ length: count }, (_, i) => `${samples[i % samples.length]}${i % 3 === 0 ? '' : i}`);
}

async function tableOf(strings: string[], options: ConstructorParameters<typeof SharedStringTable>[0]): Promise<SharedStringTable> {
  const table = new SharedStringTable(options);
  for (const text of strings) await table.add(text);
  await table.seal();
  return table;
}

/** Every index in a scattered order, so lookups jump backwards and evict cached blocks. */
const scattered = (count: number): number[] => Array.from({ length: count }, (_, i) => (i * 7919) % count);

describe('SharedStringTable', () => {
  let directory: string;
  let opened: jest.SpyInstance;
  const spillHandles = (): Promise<FileHandle[]> => Promise.all(opened.mock.results.map((result) => result.value as Promise<FileHandle>));

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'shared-string-table-'));
    opened = jest.spyOn(fsPromises, 'open');
  });
  afterEach(() => {
    opened.mockRestore();
    rmSync(directory, { recursive: true, force: true });
  });

  it('gives back every string in memory, below the threshold, without a temp file', async () => {
    const strings = texts(1000);
    const table = await tableOf(strings, { directory, blockBytes: 16 });
    expect(table.spilled).toBe(false);
    expect(table.size).toBe(1000);
    expect(scattered(1000).map((index) => table.get(index))).toEqual(scattered(1000).map((index) => strings[index]));
    await table.close();
    expect(opened).not.toHaveBeenCalled();
  });

  it('gives back every string from a temp file whose name is gone at once and whose handle is closed with the table', async () => {
    const strings = texts(3000);
    const table = await tableOf(strings, { directory, spillAfterBytes: 1000, blockBytes: 16 });
    expect(table.spilled).toBe(true);
    expect(scattered(3000).map((index) => table.get(index))).toEqual(scattered(3000).map((index) => strings[index]));
    const handles = await spillHandles();
    expect(handles).toHaveLength(1);
    expect(opened.mock.calls[0][0]).toContain(directory);
    expect(readdirSync(directory)).toEqual([]);
    expect(handles[0].fd).toBeGreaterThanOrEqual(0);
    await table.close();
    expect(handles[0].fd).toBe(-1);
  });

  it('has nothing at an index it does not hold', async () => {
    const table = await tableOf(['a', 'b'], { directory });
    expect([table.get(2), table.get(-1), table.get(0.5), table.get(Number.NaN)]).toEqual([undefined, undefined, undefined, undefined]);
    expect(table.get(1)).toBe('b');
    await table.close();
  });

  it('fails with a SpillFileError, not a file problem, when the temp file cannot be made', async () => {
    const table = new SharedStringTable({ directory: join(directory, 'missing'), spillAfterBytes: 0, blockBytes: 16 });
    const error = await rejection(
      (async () => {
        for (const text of texts(10)) await table.add(text);
      })(),
    );
    expect(error).toBeInstanceOf(SpillFileError);
    expect(error.message).toMatch(/^could not create the temporary file of the shared-strings table: ENOENT/);
    await table.close();
  });
});
