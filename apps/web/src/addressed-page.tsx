'use client';
import { useSearchParams } from 'next/navigation';
import { type ComponentType, Suspense } from 'react';

/**
 * A page of one item named by `?id=` in its address. The address is read in the browser (a static
 * export has no query at build time), and again when a link leads to another item: that is another
 * page, so nothing of the first one's state carries over.
 */
export function AddressedPage({ view }: { view: ComponentType<{ id: string | null }> }) {
  return (
    <Suspense>
      <ByAddress view={view} />
    </Suspense>
  );
}

function ByAddress({ view: View }: { view: ComponentType<{ id: string | null }> }) {
  const id = useSearchParams().get('id');
  return <View key={id ?? ''} id={id} />;
}
