'use client';
import { useCallback, useRef } from 'react';
import { errorMessage } from './api';

/**
 * A page's data, read again after each change: only the newest read is shown, since an older one
 * answering late would put back what a change since replaced. The load answers whether what it
 * read is what the page shows.
 */
export function useNewestLoad<T>(read: () => Promise<T>, show: (value: T) => void, fail: (message: string) => void): () => Promise<boolean> {
  const latest = useRef(0);
  const handlers = useRef({ read, show, fail });
  handlers.current = { read, show, fail };
  return useCallback(async () => {
    const request = ++latest.current;
    try {
      const value = await handlers.current.read();
      if (request !== latest.current) return false;
      handlers.current.show(value);
    } catch (error) {
      if (request === latest.current) handlers.current.fail(errorMessage(error));
    }
    return request === latest.current;
  }, []);
}
