'use client';
import { useEffect, useRef, useState } from 'react';
import { useSession } from '../session';
import type { DocumentItem, StatusEvent } from '../types';

const RETRY_MS = 5000;
/** The longest wait between two looks for a way back (a stream given back, a session signed in again). */
const MAX_WAIT_MS = 60_000;
/** How long a stream must stay open to count as the tab's (the server ends a refused one at once). */
const STREAM_HELD_MS = 1000;

/** A document as a status event leaves it: the new status, and the failure it names (none otherwise). */
export function withStatus<D extends Pick<DocumentItem, 'status' | 'failure'>>(doc: D, event: StatusEvent): D {
  return { ...doc, status: event.status, failure: event.failure_reason ? { kind: event.failure_kind ?? '', reason: event.failure_reason } : null };
}

/**
 * Follows `GET /api/documents/events` (Server-Sent Events, the session cookie) and hands each
 * status change to `onStatus`. `onReconnected` runs when the stream comes back after a break, so
 * the page can catch up on what it missed. An `end` event (session expired or revoked, app taken
 * away, too many streams) closes the stream and its reason is returned for the page. A tab refused
 * for too many streams asks again now and then while shown, and the reason goes once it holds one.
 * A session found gone (an `end` event, or at a reconnect) keeps the page and what is typed on it;
 * the stream opens again once the browser has been signed in again as the same user (in another tab).
 * While the tab is hidden there is no stream; shown again, it reconnects and `onReconnected` runs.
 */
export function useStatusEvents(onStatus: (event: StatusEvent) => void, onReconnected: () => void = () => undefined): string | null {
  const handlers = useRef({ onStatus, onReconnected });
  handlers.current = { onStatus, onReconnected };
  const [ended, setEnded] = useState<string | null>(null);
  const userId = useSession().user.id;
  useEffect(() => {
    let unmounted = false;
    let watch: ReturnType<typeof setTimeout> | undefined;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let opened = false;
    // Refused for too many streams: how long until the next try, and the timer that clears the notice.
    let crowdedWaitMs = RETRY_MS;
    let crowded = false;
    let held: ReturnType<typeof setTimeout> | undefined;
    /** `then` after `waitMs`, or later once the tab is shown again (looked at every `waitMs`). */
    const whenShownAfter = (waitMs: number, then: () => void): void => {
      watch = setTimeout(() => {
        if (unmounted) return;
        if (document.hidden) return whenShownAfter(waitMs, then);
        then();
      }, waitMs);
    };
    // The session is gone: the page stays (with what is typed on it) and says so, and the stream goes on
    // once the browser is signed in again as the same user (in another tab). Looked for every 5 s at
    // first, then less often, up to once a minute: a deactivated account may never come back.
    const untilSignedInAgain = (reason: string): void => {
      stopped = true;
      setEnded(endMessage(reason));
      let waitMs = RETRY_MS;
      const look = (): void =>
        whenShownAfter(waitMs, () => {
          waitMs = Math.min(waitMs * 2, MAX_WAIT_MS);
          void sessionOf(userId).then((session) => {
            if (unmounted) return;
            if (session !== 'live') return look();
            stopped = false;
            setEnded(null);
            opened = true;
            open();
          });
        });
      look();
    };
    // Only once the session is known to be alive; other failures (the network, a restart) wait and try again.
    const reconnect = (): void => {
      retry = setTimeout(
        () =>
          void sessionOf(userId).then((session) => {
            if (stopped) return;
            if (session === 'live') open();
            else if (session === 'gone') untilSignedInAgain('session_gone');
            else reconnect();
          }),
        RETRY_MS,
      );
    };
    const open = () => {
      if (stopped) return;
      // Opened hidden (a background tab): the first stream, once shown, catches up like a reconnect.
      if (document.hidden) return void (opened = true);
      source?.close();
      source = new EventSource('/api/documents/events');
      source.onopen = () => {
        // A refused stream ends at once; one still open after a moment is the tab's own again, and only
        // then has the page something new to catch up with.
        if (crowded) {
          clearTimeout(held);
          held = setTimeout(() => {
            crowded = false;
            crowdedWaitMs = RETRY_MS;
            setEnded(null);
            handlers.current.onReconnected();
          }, STREAM_HELD_MS);
          return;
        }
        if (opened) handlers.current.onReconnected();
        opened = true;
      };
      source.addEventListener('status', (e) => handlers.current.onStatus(JSON.parse((e as MessageEvent<string>).data) as StatusEvent));
      source.addEventListener('end', (e) => {
        // Ended before it counted as held: not the tab's stream after all, whatever the reason.
        clearTimeout(held);
        crowded = false;
        stopped = true;
        source?.close();
        const { reason } = JSON.parse((e as MessageEvent<string>).data) as { reason: string };
        setEnded(endMessage(reason));
        if (reason === 'too_many_streams') {
          // Another tab may give its stream back: asked again while this one is shown, less often each time.
          crowded = true;
          const waitMs = crowdedWaitMs;
          crowdedWaitMs = Math.min(crowdedWaitMs * 2, MAX_WAIT_MS);
          return whenShownAfter(waitMs, () => {
            stopped = false;
            open();
          });
        }
        // Signed in again in another tab (before or after this end): the cookie then holds a new session of the same user.
        if (reason === 'revoked' || reason === 'expired') untilSignedInAgain(reason);
      });
      source.onerror = () => {
        // The browser retries by itself while the stream is CONNECTING; once CLOSED (an HTTP error), we do,
        // unless the session is gone: then retrying cannot help, signing in can.
        if (source?.readyState !== EventSource.CLOSED || stopped) return;
        opened = true;
        reconnect();
      };
    };
    // A hidden tab gives its connection back (browsers allow six per site over HTTP/1.1, the server
    // ten streams per user) and catches up when shown again.
    const onVisibility = () => {
      if (stopped) return;
      if (document.hidden) {
        clearTimeout(retry);
        source?.close();
        source = null;
        opened = true;
      } else if (!source || source.readyState === EventSource.CLOSED) {
        clearTimeout(retry);
        open();
      }
    };
    document.addEventListener('visibilitychange', onVisibility);
    open();
    return () => {
      unmounted = true;
      stopped = true;
      clearTimeout(retry);
      clearTimeout(watch);
      clearTimeout(held);
      source?.close();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [userId]);
  return ended;
}

/**
 * Whether the browser holds a live session of `userId` now (`gone`: signed out, or as another user),
 * or cannot tell (the network, a restart). Asked without api(), whose 401 would send the page to sign
 * in and drop what is typed on it.
 */
async function sessionOf(userId: string): Promise<'live' | 'gone' | 'unknown'> {
  try {
    const res = await fetch('/api/auth/me', { credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (res.status === 401) return 'gone';
    if (!res.ok) return 'unknown';
    return ((await res.json()) as { id?: string }).id === userId ? 'live' : 'gone';
  } catch {
    return 'unknown';
  }
}

function endMessage(reason: string): string {
  if (reason === 'too_many_streams') return 'Live updates are paused in this tab: your other Intake tabs hold as many as the server keeps. They resume here once you close one.';
  if (reason === 'expired') return 'Your session expired: live updates stopped. Sign in again to see new statuses.';
  if (reason === 'revoked') return 'Your session was ended: live updates stopped.';
  if (reason === 'session_gone') return 'Your session ended: live updates stopped. Sign in again to see new statuses.';
  if (reason === 'app_removed') return 'You no longer have the documents app.';
  return `Live updates stopped (${reason}).`;
}
