'use client';
import { useEffect } from 'react';

/** What leaving the page would lose, asked about first; null when nothing would be. */
let question: string | null = null;

/**
 * While `dirty`, leaving the page is asked first: a reload, closing the tab or another address
 * (the browser's own question), and a link inside the app, which Next.js follows without unloading
 * the page (see `askBeforeLeaving`).
 */
export function useUnsaved(dirty: boolean, ask: string): void {
  useEffect(() => {
    if (!dirty) return;
    question = ask;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => {
      if (question === ask) question = null;
      window.removeEventListener('beforeunload', warn);
    };
  }, [dirty, ask]);
}

/**
 * Asks before a click on a link to another page of the app leaves unsaved work behind. Listens on
 * the document in the capture phase, so a refused click never reaches the link's own handler.
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
  document.addEventListener('click', click, true);
  return () => document.removeEventListener('click', click, true);
}
