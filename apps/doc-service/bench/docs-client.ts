/** The few /api/documents routes the benchmark drives, through the gateway, over plain fetch. */
import type { BenchPdf } from './bench-pdfs';

export interface DocumentSummary {
  id: string;
  file_name: string;
  status: 'queued' | 'processing' | 'done' | 'failed';
  failure: { kind: string; reason: string } | null;
  page_count: number | null;
  pages_read: number | null;
  document_type: string | null;
  processed_at: string | null;
  created_at: string;
}

interface UploadOutcome {
  documents: DocumentSummary[];
  duplicates: { file_name: string; document_id: string }[];
  rejected: { file_name: string; code: string; message: string }[];
}

interface DocumentPage {
  items: DocumentSummary[];
  total: number;
}

const PAGE_SIZE = 100; // the API's largest page

export class DocsClient {
  constructor(
    private readonly url: string,
    private readonly authorization: string,
  ) {}

  /** POST /api/documents with every file in one multipart body; fails unless each became a new document. */
  async upload(files: BenchPdf[]): Promise<DocumentSummary[]> {
    const form = new FormData();
    for (const file of files) form.append('files', new Blob([file.bytes], { type: 'application/pdf' }), file.fileName);
    const outcome = await this.call<UploadOutcome>('POST', '/api/documents', form);
    if (outcome.documents.length !== files.length) {
      const why = [...outcome.duplicates.map((d) => `${d.file_name}: duplicate`), ...outcome.rejected.map((r) => `${r.file_name}: ${r.code} ${r.message}`)];
      throw new Error(`upload of ${files.length} files made ${outcome.documents.length} documents: ${why.join('; ')}`);
    }
    return outcome.documents;
  }

  /** How many of the user's documents have one of these statuses. */
  async count(statuses: readonly DocumentSummary['status'][]): Promise<number> {
    return (await this.call<DocumentPage>('GET', `/api/documents?status=${statuses.join(',')}&page_size=1`)).total;
  }

  /** Every document of the user (the list, without the text). */
  async all(): Promise<DocumentSummary[]> {
    const items: DocumentSummary[] = [];
    for (let page = 1; ; page++) {
      const body = await this.call<DocumentPage>('GET', `/api/documents?page_size=${PAGE_SIZE}&page=${page}&sort=created_at`);
      items.push(...body.items);
      if (items.length >= body.total || !body.items.length) return items;
    }
  }

  private async call<T>(method: string, path: string, body?: FormData): Promise<T> {
    // fetch's own message is only "fetch failed"; the cause says what happened to the connection.
    const res = await fetch(`${this.url}${path}`, { method, headers: { authorization: this.authorization }, body }).catch((error: Error) => {
      const cause = error.cause as (Error & { code?: string }) | undefined;
      throw new Error(`${method} ${path}: ${[cause?.code, cause?.message || error.message].filter(Boolean).join(' ')}`, { cause: error });
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 500)}`);
    return JSON.parse(text) as T;
  }
}
