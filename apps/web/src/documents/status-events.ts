'use client';
import { useEffect, useRef, useState } from 'react';
import type { StatusEvent } from '../types';

const RETRY_MS = 5000;

/**
 * Follows `GET /api/documents/events` (Server-Sent Events, the session cookie) and hands each
 * status change to `onStatus`. An `end` event (session expired or revoked, app taken away) is
 * final: the stream is closed and not reopened, and the reason is returned for the page to show.
 */
export function useStatusEvents(onStatus: (event: StatusEvent) => void): string | null {
  const handler = useRef(onStatus);
  handler.current = onStatus;
  const [ended, setEnded] = useState<string | null>(null);
  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const open = () => {
      source = new EventSource('/api/documents/events');
      source.addEventListener('status', (e) => handler.current(JSON.parse((e as MessageEvent<string>).data) as StatusEvent));
      source.addEventListener('end', (e) => {
        stopped = true;
        source?.close();
        setEnded(endMessage((JSON.parse((e as MessageEvent<string>).data) as { reason: string }).reason));
      });
      source.onerror = () => {
        // The browser retries by itself while the stream is CONNECTING; once CLOSED (an HTTP error), we do.
        if (source?.readyState === EventSource.CLOSED && !stopped) retry = setTimeout(open, RETRY_MS);
      };
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }, []);
  return ended;
}

function endMessage(reason: string): string {
  if (reason === 'expired') return 'Your session expired: live updates stopped. Sign in again to see new statuses.';
  if (reason === 'revoked') return 'Your session was ended: live updates stopped.';
  if (reason === 'app_removed') return 'You no longer have the documents app.';
  return `Live updates stopped (${reason}).`;
}
