'use client';
import Link from 'next/link';
import { formatWhen } from '../documents/format';
import type { ImportPlan, SameFileImports } from '../types';
import { plural, statusWords } from './job-status';

type Earlier = SameFileImports['items'][number];

const wrote = (e: Earlier) => [e.inserted && `${plural(e.inserted, 'row')} inserted`, e.updated && `${plural(e.updated, 'row')} updated`].filter(Boolean).join(', ');

/** What became of an earlier import: a run that stopped part way must not read as done. */
function outcome(e: Earlier): string {
  if (e.status === 'queued' || e.status === 'running') return `${statusWords(e.status)} now`;
  const rows = wrote(e);
  if (e.status === 'failed') return `failed after ${rows}`;
  if (e.status === 'cancelled') return `stopped after ${rows}`;
  if (e.status === 'rolling_back') return `${rows}, being rolled back`;
  return rows;
}

/** What follows an earlier import's name: ", 28 Nov 2026, 14:02, by you: 5,000 rows inserted into customers (insert)". */
export function earlierDetails(e: Earlier): string {
  const into = e.collections.length ? ` into ${e.collections.join(', ')}` : '';
  return `, ${formatWhen(e.finished_at ?? e.created_at)}, by ${e.mine ? 'you' : 'another user'}: ${outcome(e)}${into}${e.mode ? ` (${e.mode})` : ''}`;
}

/** What importing the same file again does in `mode`: insert adds its rows a second time. */
export function againText(mode: ImportPlan['mode']): string {
  return mode === 'insert'
    ? 'Insert adds its rows again, as new records: to match the records it wrote instead, choose upsert or skip existing with a key.'
    : `${mode === 'skip-existing' ? 'Skip existing' : mode === 'upsert' ? 'Upsert' : 'Update'} finds the records it wrote by their key.`;
}

/** The earlier imports an insert of `plan` would repeat: into a collection it writes to as well. */
export function repeatedBy(earlier: SameFileImports | null, plan: ImportPlan): Earlier[] {
  if (!earlier || plan.mode !== 'insert') return [];
  const writes = new Set(plan.sheets.flatMap((s) => (s.collection ? [s.collection] : [])));
  return earlier.items.filter((e) => e.collections.some((c) => writes.has(c)));
}

/**
 * The same file (its bytes, not its name) went into this database before: said before the start,
 * with links to those imports. `problem`: they could not be looked up, which is said too.
 */
export function SameFileNote({ earlier, problem, mode }: { earlier: SameFileImports | null; problem: string | null; mode: ImportPlan['mode'] }) {
  if (problem) return <p className="muted" data-testid="same-file">Could not check whether this file was imported before: {problem}</p>;
  if (!earlier?.total) return null;
  return (
    <div className={mode === 'insert' ? 'warn' : 'muted'} data-testid="same-file">
      <p>This file was imported into this database before:</p>
      <ul>
        {earlier.items.map((e) => (
          <li key={e.id}>
            <Link href={`/imports/view/?id=${e.id}`}>{e.file_name}</Link>
            {earlierDetails(e)}
          </li>
        ))}
        {earlier.total > earlier.items.length && <li>and {plural(earlier.total - earlier.items.length, 'more import')}</li>}
      </ul>
      <p>{againText(mode)}</p>
    </div>
  );
}
