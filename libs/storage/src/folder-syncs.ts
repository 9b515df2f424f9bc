import { dirname, sep } from 'node:path';
import { syncFolder } from './sync-folder';

interface FolderState {
  running: Promise<void> | null;
  /** The flush that starts when the running one ends, shared by everyone who asked meanwhile. */
  next: Promise<void> | null;
}

/** Folders remembered as flushed; past this the memory starts again (forgetting costs one flush each). */
const MAX_KNOWN_FOLDERS = 10_000;

/**
 * Folder flushes shared by the writes that need them. A caller always waits for a flush that
 * began after it asked (so after its rename), and everyone who asks while one runs shares the
 * next: the 50 files of an upload, stored side by side, flush their folder about twice instead of
 * 50 times. A failed flush fails everyone waiting for it; the next request flushes again.
 */
export class FolderSyncs {
  private readonly folders = new Map<string, FolderState>();
  /** Folders whose own entry in their parent this process has flushed. */
  private readonly flushedEntries = new Set<string>();

  constructor(private readonly flush: (folder: string) => Promise<void> = syncFolder) {}

  /**
   * Makes a new name in `folder` durable, and the entries of `folder` and its parents up to `root`
   * unless this process flushed them before: a folder another put, here or in another replica,
   * made a moment ago may not be on disk yet, and its maker's flush may not have begun.
   */
  async syncNewName(folder: string, root: string): Promise<void> {
    const unflushed: string[] = [];
    for (let at = folder; at !== root && at !== dirname(at) && !this.flushedEntries.has(at); at = dirname(at)) unflushed.push(at);
    await Promise.all([folder, ...unflushed.map((at) => dirname(at))].map((f) => this.sync(f)));
    if (this.flushedEntries.size + unflushed.length > MAX_KNOWN_FOLDERS) this.flushedEntries.clear();
    for (const at of unflushed) this.flushedEntries.add(at);
  }

  /** A removed folder, and everything in it, may be made again: its entry is no longer known to be on disk. */
  forget(folder: string): void {
    for (const known of this.flushedEntries) if (known === folder || known.startsWith(`${folder}${sep}`)) this.flushedEntries.delete(known);
  }

  sync(folder: string): Promise<void> {
    const state = this.folders.get(folder) ?? { running: null, next: null };
    this.folders.set(folder, state);
    // None running: the one queued (its turn is about to come), or a new one.
    if (!state.running) return state.next ?? this.start(folder, state);
    // A flush under way may have begun before the caller's rename: wait for the next one.
    const running = state.running;
    state.next ??= running.catch(() => undefined).then(() => {
      state.next = null;
      return this.start(folder, state);
    });
    return state.next;
  }

  private start(folder: string, state: FolderState): Promise<void> {
    const run: Promise<void> = this.flush(folder).finally(() => {
      if (state.running === run) state.running = null;
      if (!state.running && !state.next && this.folders.get(folder) === state) this.folders.delete(folder);
    });
    state.running = run;
    return run;
  }
}
