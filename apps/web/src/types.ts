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

export const PROVIDERS = ['rules', 'anthropic', 'ollama', 'lmstudio'] as const;

export interface MatchRule {
  name: string;
  match: string;
  algorithm: 'any' | 'all' | 'literal' | 'regex';
  case_sensitive: boolean;
}

export interface AiSettings {
  provider: (typeof PROVIDERS)[number];
  model: string;
  base_url: string | null;
  api_key: string | null;
  max_file_mb: number;
  max_pages: number;
  max_text_chars: number;
  timeout_s: number;
  daily_token_budget: number | null;
  search_language: string;
  document_types: string[];
  categories: string[];
  rules: { document_types: MatchRule[]; categories: MatchRule[] };
}

export interface Suggestion {
  id: string;
  kind: 'document_type' | 'category';
  name: string;
  times: number;
}
