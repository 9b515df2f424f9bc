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
function earlierDetails(e: Earlier): string {
  const into = e.collections.length ? ` into ${e.collections.join(', ')}` : '';
  return `, ${formatWhen(e.finished_at ?? e.created_at)}, by ${e.mine ? 'you' : 'another user'}: ${outcome(e)}${into}${e.mode ? ` (${e.mode})` : ''}`;
}

/** What importing the same file again does in `mode`: insert adds its rows a second time. */
function againText(mode: ImportPlan['mode']): string {
  return mode === 'insert'
    ? 'Insert adds its rows again, as new records: to match the records it wrote instead, choose upsert or skip existing with a key.'
    : `${mode === 'skip-existing' ? 'Skip existing' : mode === 'upsert' ? 'Upsert' : 'Update'} finds the records it wrote by their key.`;
}

/** The collections `plan` writes to that the same file went into before (by any earlier import, those not listed too). */
function writtenBefore(earlier: SameFileImports | null, plan: ImportPlan): string[] {
  const writes = new Set(plan.sheets.flatMap((s) => (s.collection ? [s.collection] : [])));
  return (earlier?.collections ?? []).filter((c) => writes.has(c));
}

/** What the start asks about an insert of `plan` that would add the same file's rows again; null when it would not. */
export function insertAgainQuestion(earlier: SameFileImports | null, plan: ImportPlan): string | null {
  const collections = plan.mode === 'insert' ? writtenBefore(earlier, plan) : [];
  if (!collections.length) return null;
  const latest = earlier?.items.find((e) => e.collections.some((c) => collections.includes(c)));
  const which = latest ? ` (the latest: ${latest.file_name}${earlierDetails(latest)})` : '';
  return `This file was imported into ${collections.join(', ')} before${which}. ${againText('insert')}`;
}

/**
 * The same file (its bytes, not its name) went into this database before: said before the start,
 * with links to those imports. `problem`: they could not be looked up, which is said too.
 */
export function SameFileNote({ earlier, problem, plan }: { earlier: SameFileImports | null; problem: string | null; plan: ImportPlan }) {
  if (problem) return <p className="muted" data-testid="same-file">Could not check whether this file was imported before: {problem}</p>;
  if (!earlier?.total) return null;
  // Only an insert into a collection the file went into before adds its rows again.
  const repeats = writtenBefore(earlier, plan).length > 0;
  return (
    <div className={plan.mode === 'insert' && repeats ? 'warn' : 'muted'} data-testid="same-file">
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
      <p>{repeats ? againText(plan.mode) : 'None of them went into a collection this plan writes to.'}</p>
    </div>
  );
}
