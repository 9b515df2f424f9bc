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
    else if (session.has('admin')) router.replace('/settings/');
  }, [session, router]);
  return session.has('documents') || session.has('admin') ? null : <p>The web app has documents, the AI settings and users so far, and none of them is open to you. Imports work through the API (<a href="/api/docs">/api/docs</a>); ask an administrator for other apps.</p>;
}
