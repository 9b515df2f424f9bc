'use client';
import { useEffect } from 'react';

/** The tab names the page (and the import or document it shows): told apart with several open, and read out first by a screen reader. */
export function usePageTitle(title: string | null): void {
  useEffect(() => {
    if (title) document.title = `${title} · Intake`;
  }, [title]);
}
