'use client';
import Link from 'next/link';
import { useSession } from '../session';
import type { DocumentItem } from '../types';
import { failureText } from './failure-text';
import { formatAmount } from './format';

export function StatusBadge({ doc }: { doc: Pick<DocumentItem, 'status' | 'failure'> }) {
  const session = useSession();
  return (
    <span className={`badge ${doc.status}`} title={doc.failure ? failureText(doc.failure, session.has('admin')) : undefined} data-testid="status">
      {doc.status}
    </span>
  );
}

/** `selected` null: no selection column (readers cannot file anything). */
export function DocumentTable({ items, selected, onSelect }: { items: DocumentItem[]; selected: Set<string> | null; onSelect: (ids: string[], on: boolean) => void }) {
  // Those who may change the AI settings read a provider's failure with its technical reason.
  const admin = useSession().has('admin');
  const all = !!selected && items.length > 0 && items.every((d) => selected.has(d.id));
  return (
    <div className="table-wrap">
    <table className="documents">
      <thead>
        <tr>
          {selected && <th><input type="checkbox" aria-label="Select all on this page" checked={all} onChange={(e) => onSelect(items.map((d) => d.id), e.target.checked)} /></th>}
          <th>Document</th>
          <th>Type</th>
          <th>Date</th>
          <th className="num">Amount</th>
          <th>Counterparty</th>
          <th>Categories</th>
          <th>Status</th>
        </tr>
      </thead>
      <tbody>
        {items.map((doc) => (
          <tr key={doc.id} data-testid="document-row" data-file={doc.file_name}>
            {selected && <td><input type="checkbox" aria-label={`Select ${doc.file_name}`} checked={selected.has(doc.id)} onChange={(e) => onSelect([doc.id], e.target.checked)} /></td>}
            <td>
              <Link href={`/documents/view/?id=${doc.id}`}>{doc.title || doc.file_name}</Link>
              {doc.title && <div className="muted small">{doc.file_name}</div>}
              {doc.failure && <div className="error small">{failureText(doc.failure, admin)}</div>}
              {/* A scan reads as done with every column empty: the reason belongs here too, not only on its page. */}
              {!doc.failure && doc.note && <div className="muted small" data-testid="note">{doc.note}</div>}
            </td>
            <td className="words">{doc.document_type}</td>
            <td className="date">{doc.document_date}</td>
            <td className="num">{formatAmount(doc)}</td>
            <td>{doc.counterparty}</td>
            <td>{doc.categories.map((c) => <span key={c.id} className="chip">{c.name}</span>)}</td>
            <td><StatusBadge doc={doc} /></td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}
