'use client';
import { useCallback, useEffect, useState } from 'react';
import { rememberList } from './last-list';

/**
 * A list's page number (0-based here, `?page=2` from 1 in the address), kept in the address so a
 * reload or a shared link shows the same page, Back walks the pages shown, and an item's back link
 * returns to it. `null` until the address has been read (after hydration).
 */
export function usePageInAddress(list: string): [number | null, (page: number) => void] {
  const [page, setPage] = useState<number | null>(null);
  useEffect(() => {
    const show = () => {
      const asked = Number(new URLSearchParams(window.location.search).get('page'));
      setPage(Number.isInteger(asked) && asked > 1 ? asked - 1 : 0);
      rememberList(list, window.location.pathname + window.location.search);
    };
    show();
    window.addEventListener('popstate', show);
    return () => window.removeEventListener('popstate', show);
  }, [list]);
  const go = useCallback(
    (next: number) => {
      const address = next > 0 ? `${list}?page=${next + 1}` : list;
      window.history.pushState(null, '', address);
      rememberList(list, address);
      setPage(next);
    },
    [list],
  );
  return [page, go];
}
