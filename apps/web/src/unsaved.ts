'use client';
import { useEffect } from 'react';

/** What leaving the page would lose, asked about first; null when nothing would be. */
let question: string | null = null;
/** The address and history entry of the page with unsaved work: put back when Back or Forward is refused. */
let stay: { href: string; state: unknown } | null = null;

/**
 * While `dirty`, leaving the page is asked first: a reload, closing the tab or another address
 * (the browser's own question), and a link inside the app, which Next.js follows without unloading
 * the page (see `askBeforeLeaving`).
 */
export function useUnsaved(dirty: boolean, ask: string): void {
  useEffect(() => {
    if (!dirty) return;
    question = ask;
    stay = { href: window.location.href, state: window.history.state };
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => {
      if (question === ask) {
        question = null;
        stay = null;
      }
      window.removeEventListener('beforeunload', warn);
    };
  }, [dirty, ask]);
}

/**
 * Asks before a click on a link to another page of the app, or the browser's Back or Forward, leaves
 * unsaved work behind. Listens in the capture phase, so a refused click never reaches the link's own
 * handler, nor a refused move the router.
 */
export function askBeforeLeaving(): () => void {
  const click = (event: MouseEvent) => {
    if (!question || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
    if (!link || link.target === '_blank' || link.hasAttribute('download') || link.origin !== window.location.origin) return;
    if (link.pathname === window.location.pathname && link.search === window.location.search) return;
    if (window.confirm(question)) {
      question = null;
      return;
    }
    event.preventDefault();
    event.stopPropagation();
  };
  // Back or Forward has moved the address already: refused, the page's entry is put back and the
  // router never hears of the move (a capture listener on the window runs before its own).
  const back = (event: PopStateEvent) => {
    if (!question || !stay) return;
    if (window.confirm(question)) {
      question = null;
      stay = null;
      return;
    }
    event.stopImmediatePropagation();
    window.history.pushState(stay.state, '', stay.href);
  };
  document.addEventListener('click', click, true);
  window.addEventListener('popstate', back, true);
  return () => {
    document.removeEventListener('click', click, true);
    window.removeEventListener('popstate', back, true);
  };
}
