'use client';
import { type ReactNode, useState } from 'react';
import { api, ApiError, errorMessage } from '../api';
import { MAX_SELECTION } from './matching-ids';
import type { Category } from '../types';

interface BarProps {
  selected: string[];
  categories: Category[];
  onDone: (message: string) => void;
  /** Documents gone since they were selected (deleted elsewhere): to be unselected. */
  onGone: (ids: string[]) => void;
  onClear: () => void;
  children?: ReactNode;
}

const count = (n: number) => `${n} document${n === 1 ? '' : 's'}`;

/** What a bulk action did, as the server counted it: documents already in (or not in) the category were left as they were. */
function bulkMessage(action: 'assign' | 'remove', name: string, documents: number, changed: number): string {
  const unchanged = documents - changed;
  if (action === 'assign') return `${count(changed)} filed into “${name}”.${unchanged ? ` ${count(unchanged)} already ${unchanged === 1 ? 'was' : 'were'} in it.` : ''}`;
  return `${count(changed)} taken out of “${name}”.${unchanged ? ` ${count(unchanged)} ${unchanged === 1 ? 'was' : 'were'} not in it.` : ''}`;
}

/** Bulk filing: put the selected documents into one category, or take them out; `children` adds other actions on them. */
export function CategoryBar({ selected, categories, onDone, onGone, onClear, children }: BarProps) {
  const [chosen, setCategoryId] = useState('');
  // A category deleted meanwhile is no longer a choice.
  const categoryId = categories.some((c) => c.id === chosen) ? chosen : '';
  const [problem, setProblem] = useState<string | null>(null);
  const tooMany = selected.length > MAX_SELECTION;
  async function apply(action: 'assign' | 'remove') {
    setProblem(null);
    try {
      const { documents, changed } = await api<{ documents: number; changed: number }>(`/documents/categories/${categoryId}/${action}`, { json: { document_ids: selected } });
      const name = categories.find((c) => c.id === categoryId)?.name ?? '';
      onDone(bulkMessage(action, name, documents, changed));
    } catch (error) {
      const gone = error instanceof ApiError ? (error.details as { document_ids?: string[] } | undefined)?.document_ids : undefined;
      if (gone?.length) {
        onGone(gone);
        setProblem(`${gone.length} of the selected documents are gone (deleted meanwhile) and were unselected; nothing was changed, try again.`);
      } else setProblem(errorMessage(error));
    }
  }
  if (!selected.length) return null;
  return (
    <div className="bulk">
      <span>{selected.length} selected:</span>
      <select aria-label="Category for the selected documents" value={categoryId} onChange={(e) => setCategoryId(e.target.value)}>
        <option value="">Choose a category…</option>
        {categories.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
      </select>
      <button type="button" disabled={!categoryId || tooMany} onClick={() => void apply('assign')}>File into</button>
      <button type="button" disabled={!categoryId || tooMany} onClick={() => void apply('remove')}>Take out of</button>
      {!tooMany && children}
      <button type="button" className="link" onClick={onClear}>Clear selection</button>
      {tooMany && <span className="error">At most {MAX_SELECTION.toLocaleString('en')} documents at once: unselect some.</span>}
      {problem && <span className="error">{problem}</span>}
    </div>
  );
}

/** The user's own categories: create, rename, delete (`onChange` says what was done, and names a deleted one). */
/** Asked before a category goes: how many documents it holds, so filing undone is never a surprise. */
function deleteQuestion(c: Category): string {
  const count = c.document_count ?? 0;
  if (!count) return `Delete “${c.name}”? It holds no documents.`;
  return `Delete “${c.name}”? ${count === 1 ? 'The 1 document' : `The ${count} documents`} filed in it stay, and leave the category.`;
}

export function CategoryManager({ categories, onChange }: { categories: Category[]; onChange: (done: string, deletedId?: string) => void }) {
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const run = async (work: () => Promise<unknown>, done: string, deletedId?: string): Promise<boolean> => {
    setProblem(null);
    try {
      await work();
      onChange(done, deletedId);
      return true;
    } catch (error) {
      setProblem(errorMessage(error));
      return false;
    }
  };
  return (
    <details className="categories">
      <summary>My categories ({categories.length})</summary>
      <ul>
        {categories.map((c) => (
          <li key={c.id}>
            {c.name} <span className="muted">({c.document_count ?? 0})</span>{' '}
            <button type="button" className="link" aria-label={`Rename ${c.name}`} onClick={() => { const to = window.prompt(`New name for “${c.name}”`, c.name); if (to && to !== c.name) void run(() => api(`/documents/categories/${c.id}`, { method: 'PATCH', json: { name: to } }), `“${c.name}” is now “${to.trim()}”.`); }}>rename</button>{' '}
            <button type="button" className="link" aria-label={`Delete ${c.name}`} onClick={() => { if (window.confirm(deleteQuestion(c))) void run(() => api(`/documents/categories/${c.id}`, { method: 'DELETE' }), `“${c.name}” deleted; its documents stay.`, c.id); }}>delete</button>
          </li>
        ))}
      </ul>
      <form onSubmit={(e) => { e.preventDefault(); void run(() => api('/documents/categories', { json: { name } }), `“${name.trim()}” added.`).then((created) => created && setName('')); }}>
        <input aria-label="New category" placeholder="New category" value={name} onChange={(e) => setName(e.target.value)} maxLength={80} required />
        <button type="submit">Add</button>
      </form>
      {problem && <p className="error">{problem}</p>}
    </details>
  );
}
