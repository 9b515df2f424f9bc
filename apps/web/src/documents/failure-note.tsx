'use client';
import type { DocumentItem } from '../types';
import { failureText } from './failure-text';

/** The failure on a document's page; a document classified before keeps that classification's fields, which the note says. */
export function FailureNote({ doc, admin }: { doc: Pick<DocumentItem, 'failure' | 'provider' | 'model'>; admin: boolean }) {
  if (!doc.failure) return null;
  const model = doc.model && doc.model !== doc.provider ? ` (${doc.model})` : '';
  const earlier = doc.provider ? ` The fields below are from its earlier classification by ${doc.provider}${model}.` : '';
  return (
    <p className="error" role="alert" data-testid="failure">
      {failureText(doc.failure, admin)}
      {earlier}
    </p>
  );
}
