'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { AddressedPage } from '../../../src/addressed-page';
import { api, errorMessage } from '../../../src/api';
import { StatusBadge } from '../../../src/documents/document-table';
import { DocumentForm } from '../../../src/documents/document-form';
import { formatBytes } from '../../../src/documents/format';
import { lastList } from '../../../src/last-list';
import { useStatusEvents, withStatus } from '../../../src/documents/status-events';
import { FailureNote } from '../../../src/documents/failure-note';
import { LookAlikes } from '../../../src/documents/look-alikes';
import { useSession } from '../../../src/session';
import type { Category, DocumentDetail } from '../../../src/types';
import { usePageTitle } from '../../../src/page-title';

const TEXT_PREVIEW_CHARS = 20_000;

/** One document: what was extracted (editable), its status, download, re-process and delete. */
export default function DocumentViewPage() {
  return <AddressedPage view={DocumentView} />;
}

function DocumentView({ id }: { id: string | null }) {
  const session = useSession();
  const [doc, setDoc] = useState<DocumentDetail | null>(null);
  usePageTitle(doc ? doc.title || doc.file_name : null);
  const [categories, setCategories] = useState<Category[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // Bumped to remount the form with fresh values after a re-process or a save.
  const [version, setVersion] = useState(0);
  // Unsaved corrections in the form: new results arriving must not wipe them. A ref, not state: a load
  // under way reads it when it lands, and typing may have begun after it was asked for.
  const editing = useRef(false);
  const [newResults, setNewResults] = useState(false);
  // Back to the list as it was left: its filters and page.
  const [listAddress, setListAddress] = useState('/documents/');
  // Back to the list without loading the app again (a full page load took a second).
  const router = useRouter();
  useEffect(() => setListAddress(lastList('/documents/')), []);
  // Offered as the type is corrected, so "Fatura", "fatura" and "invoice" do not each become a type.
  const [types, setTypes] = useState<string[]>([]);
  useEffect(() => {
    api<{ types: string[] }>('/documents/types').then(({ types: known }) => setTypes(known), () => undefined);
  }, []);

  /** Shows the document as stored; `dropEdits` (the user asked for it) also replaces unsaved corrections. */
  const load = useCallback(async (docId: string, dropEdits = false) => {
    try {
      const [next, cats] = await Promise.all([api<DocumentDetail>(`/documents/${docId}`), api<Category[]>('/documents/categories')]);
      setCategories(cats);
      if (editing.current && !dropEdits) {
        // Typing began while this loaded: the form stays as typed, and the new results are offered.
        setDoc((d) => d && { ...d, status: next.status, failure: next.failure });
        setNewResults(true);
        return;
      }
      setDoc(next);
      setVersion((v) => v + 1);
      editing.current = false;
      setNewResults(false);
    } catch (error) {
      setProblem(errorMessage(error));
    }
  }, []);

  useEffect(() => {
    if (id) void load(id);
    else setProblem('No document given.');
  }, [load, id]);

  const ended = useStatusEvents((event) => {
    if (event.document_id !== id) return;
    if ((event.status === 'done' || event.status === 'failed') && !editing.current) return void load(event.document_id);
    setDoc((d) => d && withStatus(d, event));
    if (event.status === 'done' || event.status === 'failed') setNewResults(true);
  }, () => {
    // Back after a break in the stream: whatever was missed is in the document as stored.
    if (!id) return;
    if (editing.current) setNewResults(true);
    else void load(id);
  });

  async function act(work: () => Promise<unknown>, then: () => void) {
    setProblem(null);
    setNotice(null);
    try {
      await work();
      then();
    } catch (error) {
      setProblem(errorMessage(error));
    }
  }

  if (problem && !doc) return <><p className="error" role="alert">{problem}</p><Link href={listAddress}>Back to documents</Link></>;
  if (!doc) return <p className="muted">Loading…</p>;
  return (
    <>
      <p><Link href={listAddress}>← Documents</Link></p>
      <h1>{doc.title || doc.file_name}</h1>
      <p className="meta">
        <StatusBadge doc={doc} /> {doc.file_name} · {formatBytes(doc.size_bytes)}
        {doc.page_count !== null && <> · {doc.page_count} page{doc.page_count === 1 ? '' : 's'}{doc.pages_read !== null && doc.pages_read < doc.page_count && ` (first ${doc.pages_read} read)`}</>}
        {doc.provider && <> · {doc.failure ? 'last classified' : 'classified'} by {doc.provider}{doc.model ? ` (${doc.model})` : ''}</>}
      </p>
      {ended && <p className="error" role="alert" data-testid="live-ended">{ended}</p>}
      <FailureNote doc={doc} admin={session.has('admin')} />
      <LookAlikes doc={doc} canDelete={session.canWrite} />
      {doc.note && <p className="notice">{doc.note}</p>}
      <p className="actions">
        <a className="button" href={`/api/documents/${doc.id}/download`} download>Download the original</a>
        {session.canWrite && (
          <>
            <button type="button" disabled={doc.status === 'queued' || doc.status === 'processing'} onClick={() => void act(() => api(`/documents/${doc.id}/reprocess`, { method: 'POST' }), () => setDoc((d) => d && { ...d, status: 'queued', failure: null }))}>
              Re-process
            </button>
            <button type="button" className="danger" onClick={() => { if (window.confirm(`Delete ${doc.file_name}? This cannot be undone.`)) void act(() => api(`/documents/${doc.id}`, { method: 'DELETE' }), () => router.push(listAddress)); }}>
              Delete
            </button>
          </>
        )}
      </p>
      {problem && <p className="error" role="alert">{problem}</p>}
      {notice && <p className="notice" role="status">{notice}</p>}
      {newResults && (
        <p className="notice" role="status">
          New results arrived while you were editing. <button type="button" className="link" onClick={() => id && void load(id, true)}>Show them</button> (your unsaved changes are dropped).
        </p>
      )}
      <DocumentForm
        key={version}
        doc={doc}
        categories={categories}
        types={types}
        canWrite={session.canWrite}
        onEdited={() => {
          editing.current = true;
          // A "Saved" left on screen would vouch for edits made after it.
          setNotice(null);
        }}
        onCategoryAdded={(category) => setCategories((list) => [...list, category].sort((a, b) => a.name.localeCompare(b.name)))}
        onSaved={(saved, notice) => {
          setDoc(saved);
          setVersion((v) => v + 1);
          editing.current = false;
          setNewResults(false);
          setNotice(notice ?? 'Saved. Your corrections win over the AI, also when the document is re-processed.');
        }}
      />
      {doc.text && (
        <details className="text">
          <summary>Extracted text{doc.text_truncated ? ' (cut: the document is longer)' : ''}</summary>
          <pre>{doc.text.slice(0, TEXT_PREVIEW_CHARS)}{doc.text.length > TEXT_PREVIEW_CHARS ? '\n…' : ''}</pre>
        </details>
      )}
    </>
  );
}
