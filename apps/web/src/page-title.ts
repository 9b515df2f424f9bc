'use client';
import { useEffect } from 'react';

/**
 * Names the tab after what a page shows (an import, a document), once it is loaded; the segment's
 * metadata names it until then. Next may apply that metadata after this effect has run (vercel/next.js
 * #82037), so the title is set again whenever the head changes while the page is open; once the
 * address has changed, that change is the next page's own.
 */
export function usePageTitle(title: string | null): void {
  useEffect(() => {
    if (!title) return;
    const wanted = `${title} · Intake`;
    const page = location.href;
    const keep = () => {
      if (location.href === page && document.title !== wanted) document.title = wanted;
    };
    keep();
    const observer = new MutationObserver(keep);
    observer.observe(document.head, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, [title]);
}
