'use client';
import Link from 'next/link';
import type { DocumentDetail } from '../types';

/**
 * Other documents of the user's with the same amount, date and counterparty: most often the same
 * invoice twice (sent again, or scanned and sent as a PDF), which a sum of them counts twice.
 */
export function LookAlikes({ doc, canDelete }: { doc: Pick<DocumentDetail, 'look_alikes'>; canDelete: boolean }) {
  if (!doc.look_alikes.length) return null;
  return (
    <div className="warn" data-testid="look-alikes">
      <p>
        The same amount, currency, date and counterparty as{' '}
        {doc.look_alikes.map((other, i) => (
          <span key={other.id}>
            {i > 0 && ', '}
            <Link href={`/documents/view/?id=${other.id}`}>{other.title || other.file_name}</Link>
          </span>
        ))}
        : if it is the same document, {canDelete ? 'delete one of them, or it is counted twice' : 'it is counted twice'}.
      </p>
    </div>
  );
}
