/** The shapes the gateway answers with, as far as the pages use them. */
export type Role = 'admin' | 'power' | 'operator' | 'reader';
export type DocumentStatus = 'queued' | 'processing' | 'done' | 'failed';

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

export interface Category {
  id: string;
  name: string;
  document_count?: number;
}

export interface FieldView {
  value: string | number | null;
  source: 'user' | 'ai' | null;
  confidence?: number;
  snippet?: string | null;
}

export interface DocumentItem {
  id: string;
  file_name: string;
  size_bytes: number;
  status: DocumentStatus;
  failure: { kind: string; reason: string } | null;
  page_count: number | null;
  pages_read: number | null;
  text_truncated: boolean;
  note: string | null;
  document_type: string | null;
  title: string | null;
  document_date: string | null;
  amount: number | null;
  currency: string | null;
  counterparty: string | null;
  summary: string | null;
  fields: Record<string, FieldView>;
  suggested_categories: { name: string; confidence: number; snippet: string | null }[];
  categories: { id: string; name: string }[];
  provider: string | null;
  model: string | null;
  processed_at: string | null;
  created_at: string;
}

export interface DocumentDetail extends DocumentItem {
  text: string | null;
}

export interface DocumentPage {
  items: DocumentItem[];
  total: number;
  page: number;
  page_size: number;
}

export interface UploadOutcome {
  documents: DocumentItem[];
  duplicates: { file_name: string; document_id: string }[];
  rejected: { file_name: string; code: string; message: string }[];
}

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
