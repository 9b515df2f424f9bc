'use client';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { useSession } from '../src/session';

/** The start page: straight to the first app the user may open. */
export default function Home() {
  const session = useSession();
  const router = useRouter();
  useEffect(() => {
    if (session.has('documents')) router.replace('/documents/');
    else if (session.has('imports')) router.replace('/imports/');
    else if (session.has('admin')) router.replace('/settings/');
  }, [session, router]);
  return session.apps.length > 0 ? null : <p>No app is open to you yet; ask an administrator.</p>;
}
