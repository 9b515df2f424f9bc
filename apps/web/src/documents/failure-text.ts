import type { DocumentItem } from '../types';

type Failure = NonNullable<DocumentItem['failure']>;

/** The AI provider's failures as the document's owner reads them, and what to do: [what happened, for the owner, for an admin]. */
const AI_FAILURES: Record<string, readonly [string, string, string]> = {
  ai_unauthorized: ['The AI service refused the key Intake has for it', 'ask your administrator to check the AI settings, then re-process the document', 'check the AI settings, then re-process the document'],
  ai_not_configured: ['The AI service is not set up for the model chosen', 'ask your administrator to check the AI settings, then re-process the document', 'check the AI settings, then re-process the document'],
  ai_bad_response: ['The AI service answered with an error', 'ask your administrator to check the AI settings, then re-process the document', 'check the AI settings, then re-process the document'],
  ai_invalid_output: ['The AI model did not answer in the form asked for', 'ask your administrator to check the AI settings, then re-process the document', 'check the AI settings (another model may answer better), then re-process the document'],
  ai_rate_limited: ['The AI service is limiting requests for now', 're-process the document in a while; if it keeps failing, ask your administrator', 're-process the document in a while; if it keeps failing, check the AI settings'],
  ai_timeout: ['The AI service took too long to answer', 're-process the document in a while; if it keeps failing, ask your administrator', 're-process the document in a while; if it keeps failing, check the AI settings'],
  ai_unreachable: ['The AI service could not be reached', 're-process the document in a while; if it keeps failing, ask your administrator', 're-process the document in a while; if it keeps failing, check the AI settings'],
  ai_budget: ["Today's AI token budget is spent", 're-process the document tomorrow, or ask your administrator to raise the daily budget', 're-process the document tomorrow, or raise the daily budget in the AI settings'],
};

/**
 * Why a document failed, in words its reader can act on. The AI provider's failures are said
 * plainly with what to do; their technical reason (the provider's address, its own message) is for
 * an admin, who can act on it. Other failures (not a PDF, encrypted) are their reason.
 */
export function failureText(failure: Failure, admin: boolean): string {
  const plain = AI_FAILURES[failure.kind];
  if (!plain) return `Failed (${failure.kind}): ${failure.reason ?? 'no reason given'}`;
  const [what, ownerAction, adminAction] = plain;
  return `${what}: ${admin ? adminAction : ownerAction}.${admin && failure.reason ? ` (${failure.reason})` : ''}`;
}
