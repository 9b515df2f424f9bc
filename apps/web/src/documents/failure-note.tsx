'use client';
import type { DocumentItem } from '../types';

/** What the AI provider's failures mean to the document's owner, who cannot change its settings. */
const AI_FAILURES: Record<string, string> = {
  ai_unauthorized: 'The AI service refused the key Intake has for it',
  ai_rate_limited: 'The AI service is limiting requests for now',
  ai_timeout: 'The AI service took too long to answer',
  ai_unreachable: 'The AI service could not be reached',
  ai_invalid_output: 'The AI model did not answer in the form asked for',
  ai_bad_response: 'The AI service answered with an error',
  ai_not_configured: 'The AI service is not set up for the model chosen',
  ai_budget: "Today's AI token budget is spent",
};

/**
 * Why a document failed. The AI provider's failures are said in plain words, with what to do; their
 * technical reason (the provider's address, its own message) is for an admin, who can act on it. A
 * document classified before keeps that classification's fields, which the note says.
 */
export function FailureNote({ doc, admin }: { doc: Pick<DocumentItem, 'failure' | 'provider' | 'model'>; admin: boolean }) {
  if (!doc.failure) return null;
  const { kind, reason } = doc.failure;
  const plain = AI_FAILURES[kind];
  const model = doc.model && doc.model !== doc.provider ? ` (${doc.model})` : '';
  const earlier = doc.provider ? ` The fields below are from its earlier classification by ${doc.provider}${model}.` : '';
  return (
    <div className="error" role="alert" data-testid="failure">
      {plain ? (
        <p>
          {plain}: {admin ? 'check the AI settings' : 'ask your administrator to check the AI settings'}, then re-process the document.{earlier}
          {admin && reason && <span className="small"> ({reason})</span>}
        </p>
      ) : (
        <p>
          Failed ({kind}): {reason}
          {earlier}
        </p>
      )}
    </div>
  );
}
