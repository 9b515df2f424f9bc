'use client';
import Link from 'next/link';
import type { ImportPlan, SameFileImports } from '../types';
import { plural, statusWords, when } from './job-status';

type Earlier = SameFileImports['items'][number];

const wrote = (e: Earlier) => [e.inserted && `${plural(e.inserted, 'row')} inserted`, e.updated && `${plural(e.updated, 'row')} updated`].filter(Boolean).join(', ');
const underWay = (e: Earlier) => e.status === 'queued' || e.status === 'running';

/** What follows an earlier import's name: ", 28 Nov 2026, 14:02, by you: 5,000 rows inserted (insert)". */
export function earlierDetails(e: Earlier): string {
  const what = underWay(e) ? `${statusWords(e.status)} now` : wrote(e);
  return `, ${when(e.finished_at ?? e.created_at)}, by ${e.mine ? 'you' : 'another user'}: ${what}${e.mode ? ` (${e.mode})` : ''}`;
}

/** What importing the same file again does in `mode`: insert adds its rows a second time. */
export function againText(mode: ImportPlan['mode']): string {
  return mode === 'insert'
    ? 'Insert adds its rows again, as new records: to match the records it wrote instead, choose upsert or skip existing with a key.'
    : `${mode === 'skip-existing' ? 'Skip existing' : mode === 'upsert' ? 'Upsert' : 'Update'} finds the records it wrote by their key.`;
}

/** The same file (its bytes, not its name) went into this database before: said before the start, with links to those imports. */
export function SameFileNote({ earlier, mode }: { earlier: SameFileImports; mode: ImportPlan['mode'] }) {
  if (!earlier.total) return null;
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
