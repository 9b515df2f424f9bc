'use client';
import type { CollectionDescription, ImportPreview } from '../types';
import { KeyChangesNote } from './key-changes';
import { plural } from './job-status';

type Sheet = ImportPreview['sheets'][number];
type KeyMatches = NonNullable<Sheet['key_matches']>;

/**
 * What the analysis found of the sheet's keys, while the plan is the one it checked (`checked`: its
 * mode, keys, mapping and reading unchanged since): a changed plan is checked again first.
 */
export function currentKeyMatches(sheet: Sheet, checked: boolean): KeyMatches | null {
  return checked ? sheet.key_matches : null;
}

const rowList = (rows: number[], total: number) => ` (row${total === 1 ? '' : 's'} ${rows.join(', ')}${total > rows.length ? '…' : ''})`;
const verb = (n: number, one: string, many: string) => `${plural(n, 'row')} ${n === 1 ? one : many}`;
/** "it fails" or "they fail". */
const they = (n: number, one: string, many: string) => (n === 1 ? one : many);

/** The rows of the sheet by what their key finds, said for the mode they were counted in. */
export function KeyMatchesNote({ found, description }: { found: KeyMatches; description: CollectionDescription | null }) {
  const { mode } = found;
  const skips = mode === 'skip-existing';
  return (
    <ul className={found.fails > 0 ? 'error' : 'muted'} data-testid="key-matches">
      {found.matched > 0 && (
        <li>
          {verb(found.matched, 'finds its record', 'find their record')}: {skips ? `skip existing leaves ${they(found.matched, 'it as it is', 'them as they are')}` : `${mode} writes each row’s values into its record`}
          {found.changes ? (
            <KeyChangesNote changes={found.changes} matched={found.matched} description={description} />
          ) : (
            !skips && <div className="muted small">What they would change in their records was not counted; the result file says it row by row.</div>
          )}
        </li>
      )}
      {found.unmatched > 0 && (
        <li>
          {verb(found.unmatched, 'finds no record', 'find no record')}
          {rowList(found.unmatched_rows, found.unmatched)}: {mode === 'update' ? `update fails ${they(found.unmatched, 'it', 'them')}` : 'a new record is added for each'}
          {found.unmatched_like.map((l) => (
            <div key={l.row} className="small">
              Row {l.row}’s “{l.value}” is no record’s, but “{l.existing}” is: keys are compared as written, case included.
            </div>
          ))}
        </li>
      )}
      {found.incomplete > 0 && (
        <li>
          {verb(found.incomplete, 'finds no record', 'find no record')}
          {rowList(found.incomplete_rows, found.incomplete)} and {they(found.incomplete, 'leaves', 'leave')} a field a new record needs empty: {they(found.incomplete, 'it fails', 'they fail')}
        </li>
      )}
      {found.ambiguous > 0 && <li>{verb(found.ambiguous, 'finds several records', 'find several records')}{rowList(found.ambiguous_rows, found.ambiguous)}: {they(found.ambiguous, 'it fails', 'they fail')}, the key must find one</li>}
      {found.empty > 0 && <li>{verb(found.empty, 'has a key field empty', 'have a key field empty')}{rowList(found.empty_rows, found.empty)}: {they(found.empty, 'it fails', 'they fail')}</li>}
      {found.repeated > 0 && (
        <li>
          {verb(found.repeated, 'repeats the key', 'repeat the key')} of an earlier row ({found.repeated_rows.map((r) => `row ${r.row} same as row ${r.first_row}`).join(', ')}
          {found.repeated > found.repeated_rows.length ? '…' : ''}): {skips ? `skip existing skips ${they(found.repeated, 'it', 'them')}` : they(found.repeated, 'it fails', 'they fail')}
        </li>
      )}
      {found.matched + found.unmatched + found.incomplete + found.ambiguous + found.empty + found.repeated === 0 && <li>No row was counted by its key: none converts (the columns above say why).</li>}
      {!found.all_counted && <li className="muted">Too many keys to remember them all: repeats of the later ones were not looked for.</li>}
    </ul>
  );
}
