import type { DocumentStatus } from '@intake/contracts';

/** The shapes the gateway answers with, as far as the pages use them. */
export type Role = 'admin' | 'power' | 'operator' | 'reader';
export type { DocumentStatus };

export interface User {
  id: string;
  username: string;
  full_name: string;
  role: Role;
}

export interface AppEntry {
  key: 'imports' | 'documents' | 'admin';
  name: string;
  path: string;
}

// Documents and categories: the schemas doc-service's routes are described with.
export type { Category, DocumentDetail, DocumentPage, DocumentView as DocumentItem, ExtractedField, FieldView, UploadOutcome } from '@intake/contracts';

export interface StatusEvent {
  document_id: string;
  status: DocumentStatus;
  failure_kind: string | null;
  failure_reason: string | null;
}

// The AI settings as GET /api/settings answers them (the key masked).
export type { AiSettings, ConnectionTest, MatchRule } from '@intake/contracts';

export interface Suggestion {
  id: string;
  kind: 'document_type' | 'category';
  name: string;
  times: number;
}
