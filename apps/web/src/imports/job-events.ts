'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../api';
import type { ImportJob, ImportProgressEvent } from '../types';
import { isMoving } from './job-status';

/** After a broken or refused stream (a restart, too many open tabs), the job is read again this often. */
const RETRY_MS = 2000;

/**
 * One import job, kept current: read once, then followed through `GET /api/imports/:id/events`
 * (Server-Sent Events, the session cookie) while it moves by itself. The stream ends when the job
 * settles, and the job is read again for what an event does not carry (its result, its times).
 * A broken stream is not an error: the job is read again and, still moving, followed again.
 */
export function useImportJob(id: string | null) {
  const [job, setJob] = useState<ImportJob | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const load = useCallback(async (): Promise<ImportJob | null> => {
    if (!id) return null;
    try {
      const next = await api<ImportJob>(`/imports/${id}`);
      setJob(next);
      setProblem(null);
      return next;
    } catch (error) {
      setProblem(errorMessage(error));
      return null;
    }
  }, [id]);
  useEffect(() => void load(), [load]);

  const moving = !!job && isMoving(job.status);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    if (!id || !moving) return;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let done = false;
    const settle = () => {
      source?.close();
      if (done) return;
      retry = setTimeout(() => void loadRef.current().then((next) => next && isMoving(next.status) && !done && open()), RETRY_MS);
    };
    const open = () => {
      source = new EventSource(`/api/imports/${id}/events`);
      source.addEventListener('progress', (message) => {
        const event = JSON.parse((message as MessageEvent<string>).data) as ImportProgressEvent;
        setJob((j) => j && { ...j, status: event.status, progress: event.progress, error: event.error });
        if (!isMoving(event.status)) {
          // Settled: what the event does not carry (has_result, finished_at) comes with the job.
          done = true;
          source?.close();
          void loadRef.current();
        }
      });
      // Refused (too many streams) or cut off: read the job again a little later and follow it again.
      source.addEventListener('end', settle);
      source.onerror = settle;
    };
    open();
    return () => {
      done = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [id, moving]);

  return { job, setJob, problem, reload: load };
}
