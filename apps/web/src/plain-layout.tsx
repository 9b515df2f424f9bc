import type { ReactNode } from 'react';

/** A segment's layout that only names its pages (metadata must come from a server component, and the pages are client ones). */
export function PlainLayout({ children }: { children: ReactNode }) {
  return children;
}
