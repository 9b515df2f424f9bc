'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../api';
import type { ImportJob, ImportProgressEvent } from '../types';
import { isMoving } from './job-status';

/** After a broken or refused stream, the job is read again after this long, doubled after each failure up to the most. */
const FIRST_RETRY_MS = 2000;
const MAX_RETRY_MS = 30_000;

/**
 * One import job, kept current: read once, then followed through `GET /api/imports/:id/events`
 * (Server-Sent Events, the session cookie) while it moves by itself. The stream ends when the job
 * settles, and the job is read again for what an event does not carry (its result, its times).
 * A broken or refused stream (a restart, too many open tabs) is not an error: the job is read again
 * and, still moving, followed again, waiting longer after each failure. A hidden tab holds no
 * stream (each holds one of the browser's few connections to the site) until it is shown again.
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
    let waitMs = FIRST_RETRY_MS;
    const close = () => {
      source?.close();
      source = null;
    };
    const again = (): void => {
      close();
      clearTimeout(retry);
      if (done) return;
      retry = setTimeout(() => {
        if (done) return;
        if (document.hidden) return again();
        void loadRef.current().then((next) => {
          if (done) return;
          if (!next) {
            waitMs = Math.min(waitMs * 2, MAX_RETRY_MS);
            return again();
          }
          if (isMoving(next.status)) open();
        });
      }, waitMs);
    };
    const open = () => {
      source = new EventSource(`/api/imports/${id}/events`);
      source.addEventListener('progress', (message) => {
        waitMs = FIRST_RETRY_MS;
        const event = JSON.parse((message as MessageEvent<string>).data) as ImportProgressEvent;
        setJob((j) => j && { ...j, status: event.status, progress: event.progress, error: event.error });
        if (!isMoving(event.status)) {
          // Settled: what the event does not carry (has_result, finished_at) comes with the job.
          done = true;
          close();
          void loadRef.current();
        }
      });
      source.addEventListener('end', () => {
        waitMs = Math.min(waitMs * 2, MAX_RETRY_MS);
        again();
      });
      source.onerror = again;
    };
    const shownOrHidden = () => {
      if (document.hidden && source) again();
    };
    document.addEventListener('visibilitychange', shownOrHidden);
    open();
    return () => {
      done = true;
      clearTimeout(retry);
      close();
      document.removeEventListener('visibilitychange', shownOrHidden);
    };
  }, [id, moving]);

  return { job, setJob, problem, reload: load };
}
