'use client';
import type { CollectionDescription, ImportPreview } from '../types';
import { plural } from './job-status';

type KeyChanges = NonNullable<NonNullable<ImportPreview['sheets'][number]['key_matches']>['changes']>;

const shown = (value: string | null) => (value === null ? '(empty)' : `“${value}”`);

/**
 * What the rows an update or upsert finds would change in their records: how many write nothing,
 * which fields change how often, and the first rows' old and new values. A field that changes in
 * every record found is pointed out: that is what a column mapped to the wrong field looks like.
 */
export function KeyChangesNote({ changes, matched, description }: { changes: KeyChanges; matched: number; description: CollectionDescription | null }) {
  const field = (name: string) => description?.fields.find((f) => f.name === name);
  const label = (name: string) => field(name)?.title || name;
  // A relation's record holds the id of the record it names; the row, the text its cell names it by.
  const old = (name: string, value: string | null) => (value !== null && field(name)?.relation ? `record ${value}` : shown(value));
  const everywhere = matched >= 3 ? changes.fields.filter((f) => f.rows === matched) : [];
  return (
    <div className="small" data-testid="key-changes">
      <div>
        {!!changes.unchanged && <>{plural(changes.unchanged, 'record')} already {changes.unchanged === 1 ? 'holds' : 'hold'} every value: nothing is written to {changes.unchanged === 1 ? 'it' : 'them'}. </>}
        {changes.changing > 0 ? (
          <>
            {plural(changes.changing, 'record')} {changes.changing === 1 ? 'changes' : 'change'}: {changes.fields.map((f) => `${label(f.field)} in ${f.rows.toLocaleString('en')}`).join(', ')}.
          </>
        ) : (
          changes.unchanged === null && <>No compared field changes. </>
        )}
        {changes.not_compared.length > 0 && <span className="muted"> {changes.not_compared.map(label).join(', ')}: not compared, so every row found is written.</span>}
      </div>
      {everywhere.length > 0 && (
        <p className="warn" data-testid="changes-everywhere">
          {everywhere.map((f) => label(f.field)).join(', ')} {everywhere.length === 1 ? 'changes' : 'change'} in every record found: check that the right column goes into {everywhere.length === 1 ? 'it' : 'them'}.
        </p>
      )}
      {changes.first.length > 0 && (
        <ul className="muted" aria-label="The first rows that change their record">
          {changes.first.map((r) => (
            <li key={r.row}>
              Row {r.row}: {r.changes.map((c) => `${label(c.field)} ${old(c.field, c.old)} → ${shown(c.new)}`).join('; ')}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
