import { syncFolder } from './sync-folder';

interface FolderState {
  running: Promise<void> | null;
  /** The flush that starts when the running one ends, shared by everyone who asked meanwhile. */
  next: Promise<void> | null;
}

/**
 * Folder flushes shared by the writes that need them. A caller always waits for a flush that
 * began after it asked (so after its rename), and everyone who asks while one runs shares the
 * next: the 50 files of an upload, stored side by side, flush their folder about twice instead of
 * 50 times. A failed flush fails everyone waiting for it; the next request flushes again.
 */
export class FolderSyncs {
  private readonly folders = new Map<string, FolderState>();

  constructor(private readonly flush: (folder: string) => Promise<void> = syncFolder) {}

  sync(folder: string): Promise<void> {
    const state = this.folders.get(folder) ?? { running: null, next: null };
    this.folders.set(folder, state);
    const { running } = state;
    if (!running) return this.start(folder, state);
    state.next ??= running.catch(() => undefined).then(() => {
      state.next = null;
      return this.start(folder, state);
    });
    return state.next;
  }

  private start(folder: string, state: FolderState): Promise<void> {
    const run: Promise<void> = this.flush(folder).finally(() => {
      if (state.running === run) state.running = null;
      if (!state.running && !state.next) this.folders.delete(folder);
    });
    state.running = run;
    return run;
  }
}
