'use client';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../api';
import type { CollectionSummary, ImportTarget } from '../types';

type Readable = { target: ImportTarget; collections: CollectionSummary[] | null; problem: string | null };

/** A reader's view: the databases and collections their grants let them look at, with about how many records each holds. */
export function ReadableCollections() {
  const [readable, setReadable] = useState<Readable[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    api<ImportTarget[]>('/import-targets')
      .then((targets) =>
        Promise.all(
          targets.map((target) =>
            api<CollectionSummary[]>(`/import-targets/${target.id}/collections`).then(
              (collections) => ({ target, collections, problem: null }),
              // A database away for now says so; the others still show.
              (error: unknown) => ({ target, collections: null, problem: errorMessage(error) }),
            ),
          ),
        ),
      )
      .then(setReadable, (error: unknown) => setProblem(errorMessage(error)));
  }, []);
  if (problem) return <p className="error" role="alert">{problem}</p>;
  if (!readable) return <p className="muted">Loading what you may look at…</p>;
  return (
    <section aria-labelledby="readable">
      <h2 id="readable">What you may look at</h2>
      {readable.length === 0 && <p className="muted">No grant lets you look at a database yet: ask an administrator for one.</p>}
      {readable.map(({ target, collections, problem: away }) => (
        <div key={target.id} className="card" data-testid={`readable-${target.name}`}>
          <h3>{target.name}</h3>
          {away && <p className="error">{away}</p>}
          {collections?.length === 0 && <p className="muted">No collection of it matches your grants.</p>}
          {collections && collections.length > 0 && (
            <ul>
              {collections.map((c) => (
                <li key={c.name}>
                  {c.title === c.name ? c.name : `${c.title} (${c.name})`}
                  <span className="muted small">{c.row_estimate === null ? '' : ` · about ${c.row_estimate.toLocaleString()} records`} · {c.field_count} fields</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </section>
  );
}
