'use client';
import { useEffect, useState } from 'react';
import { api } from '../../src/api';
import { useNewestLoad } from '../../src/newest-load';
import { usePageInAddress } from '../../src/page-in-address';
import { isMoving } from '../../src/imports/job-status';
import { ReadableCollections } from '../../src/imports/readable-collections';
import { JobTable } from '../../src/imports/job-table';
import { NewImport } from '../../src/imports/new-import';
import { useSession } from '../../src/session';
import type { ImportJobSummary, ImportTarget, UserAccount } from '../../src/types';

const PAGE_SIZE = 25;
/** While a job on the page moves by itself, the list is read again this often. */
const REFRESH_MS = 3000;

export default function ImportsPage() {
  const session = useSession();
  if (!session.has('imports')) return <p className="error" role="alert">The imports app is not open to you; ask an administrator.</p>;
  return <Imports />;
}

function Imports() {
  const session = useSession();
  const [page, setPage] = usePageInAddress('/imports/');
  const [list, setList] = useState<{ items: ImportJobSummary[]; total: number } | null>(null);
  const [targetNames, setTargetNames] = useState(new Map<string, string>());
  const isAdmin = session.user.role === 'admin';
  const [owners, setOwners] = useState<Map<string, string> | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useNewestLoad(
    () => api<{ items: ImportJobSummary[]; total: number }>(`/imports?limit=${PAGE_SIZE}&offset=${(page ?? 0) * PAGE_SIZE}`),
    (next) => {
      setList(next);
      setProblem(null);
    },
    setProblem,
  );
  useEffect(() => {
    if (page !== null) void load();
  }, [load, page]);
  useEffect(() => {
    if (isAdmin) api<UserAccount[]>('/users').then((users) => setOwners(new Map(users.map((u) => [u.id, u.username]))), () => undefined);
  }, [isAdmin]);
  useEffect(() => {
    api<ImportTarget[]>('/import-targets').then((targets) => setTargetNames(new Map(targets.map((t) => [t.id, t.name]))), () => undefined);
  }, []);
  const moving = list?.items.some((job) => isMoving(job.status)) ?? false;
  useEffect(() => {
    if (!moving) return;
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [moving, load]);

  const pages = list ? Math.max(1, Math.ceil(list.total / PAGE_SIZE)) : 1;
  return (
    <>
      <h1>Imports</h1>
      {session.canWrite ? (
        <NewImport isAdmin={isAdmin} onUploaded={() => void load()} />
      ) : (
        <>
          <p className="muted">Readers make no imports: the list below holds only those you made with another role.</p>
          <ReadableCollections />
        </>
      )}
      <h2>{isAdmin ? 'Everyone’s imports' : 'Your imports'}</h2>
      {problem && <p className="error" role="alert">{problem}</p>}
      {!list && !problem && <p className="muted">Loading…</p>}
      {list && list.items.length === 0 && (
        <p className="muted">
          {/* An address naming a page past the last (a link kept while imports were deleted with their users). */}
          {list.total ? <>No imports on this page. <button type="button" className="link" onClick={() => setPage(0)}>The newest imports</button></> : 'No imports yet.'}
        </p>
      )}
      {list && list.items.length > 0 && <JobTable jobs={list.items} targetNames={targetNames} owners={owners} canWrite={session.canWrite} onDeleted={() => void load()} onProblem={setProblem} />}
      {pages > 1 && !!list?.items.length && (
        <nav className="pager">
          <button type="button" className="secondary" disabled={!page} onClick={() => setPage((page ?? 0) - 1)}>Newer</button>
          <span>Page {(page ?? 0) + 1} of {pages}</span>
          <button type="button" className="secondary" disabled={(page ?? 0) + 1 >= pages} onClick={() => setPage((page ?? 0) + 1)}>Older</button>
        </nav>
      )}
    </>
  );
}
