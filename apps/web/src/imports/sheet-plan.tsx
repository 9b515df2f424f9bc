'use client';
import { isRequiredInput } from '@intake/contracts/column-matcher';
import type { CollectionDescription, CollectionSummary, ImportPreview, ImportPlan } from '../types';
import { plural } from './job-status';
import { fieldLabel, keyCandidates, mappableFields, requiredUnmapped } from './mappable-fields';
import { currentKeyMatches, KeyMatchesNote } from './key-matches';
import { failingRows, isSoleKey, UniqueValuesNote } from './unique-values';

type Sheet = ImportPreview['sheets'][number];
type SheetPlan = ImportPlan['sheets'][number];

interface Props {
  sheet: Sheet;
  plan: SheetPlan;
  /** The collections of the target; those the user may not write to are shown, not chosen. */
  collections: CollectionSummary[];
  description: CollectionDescription | null;
  /** Problems import-service found with the plan, by column letter ('' for the sheet's own, 'keys' for its key fields). */
  problems: Map<string, string[]>;
  disabled: boolean;
  /** Update mode offers the record id too, as the key that finds each record. */
  mode: ImportPlan['mode'];
  /** The plan is the one the preview checked: what it counted still holds. */
  checked: boolean;
  onCollection: (name: string | null) => void;
  onField: (letter: string, field: string | null) => void;
  onKeys: (keys: string[]) => void;
}

/** One sheet: which collection it goes into, and for every column what was found in it and which field it fills. */
export function SheetPlanEditor({ sheet, plan, collections, description, problems, disabled, mode, checked, onCollection, onField, onKeys }: Props) {
  const fields = description ? mappableFields(description, mode) : [];
  const names = new Set(fields.map((f) => f.name));
  const proposedHere = sheet.proposed_collection === plan.collection;
  const missing = plan.collection !== null && description ? requiredUnmapped(plan, description, mode) : [];
  return (
    <section className="card sheet" aria-label={`Sheet ${sheet.name}`} data-testid={`sheet-${sheet.name}`}>
      <h2>
        {sheet.name} <span className="muted small">{plural(sheet.rows, 'row')}</span>
      </h2>
      <label className="inline">
        Goes into
        <select aria-label={`Collection for sheet ${sheet.name}`} value={plan.collection ?? ''} disabled={disabled} onChange={(e) => onCollection(e.target.value || null)}>
          <option value="">— leave this sheet out —</option>
          {collections.map((c) => (
            <option key={c.name} value={c.name} disabled={!c.can_write}>
              {c.title === c.name ? c.name : `${c.title} (${c.name})`}
              {c.can_write ? '' : c.kept_by ? ' — NocoBase’s own, not imported into' : ' — read only'}
            </option>
          ))}
        </select>
      </label>
      {(problems.get('') ?? []).map((p) => <p key={p} className="error">{p}</p>)}
      {proposedHere && sheet.problems.map((p) => <p key={p} className="warn">{p}</p>)}
      {proposedHere && sheet.failing_rows > 0 && (
        <p className="warn">The check found {plural(sheet.failing_rows, 'row')} that would fail for a cell or a look-up; the columns below say why, and which rows a unique value or a key fails besides.</p>
      )}
      {plan.collection !== null && (
        <div className="table-wrap">
          <table className="columns">
            <thead>
              <tr>
                <th>Column</th>
                <th>Found</th>
                <th>Examples</th>
                <th>Goes into field</th>
                <th>Checked</th>
              </tr>
            </thead>
            <tbody>
              {sheet.columns.map((column) => {
                const chosen = plan.mapping[column.letter] ?? null;
                const known = chosen === null || names.has(chosen);
                // The analysis checked the whole column against the field it proposed, not against another.
                const checked = proposedHere && chosen !== null && chosen === column.proposed_field;
                return (
                  <tr key={column.letter} data-testid={`column-${column.letter}`}>
                    <td>
                      <strong>{column.letter}</strong> {column.name}
                    </td>
                    <td className="words" data-label="Found">
                      {column.inferred_type}
                      {column.disagreeing > 0 && <span className="muted small"> ({column.disagreeing} differ)</span>}
                      {column.note && <div className="muted small">{column.note}</div>}
                    </td>
                    <td className="small" data-label="Examples">{column.samples.slice(0, 3).join(' · ')}</td>
                    <td>
                      <select aria-label={`Field for column ${column.letter} (${column.name})`} value={chosen ?? ''} disabled={disabled || !description} onChange={(e) => onField(column.letter, e.target.value || null)}>
                        <option value="">— leave out —</option>
                        {/* A lookup the analysis chose ("customer.email") is kept as a choice of its own. */}
                        {!known && <option value={chosen ?? ''}>{chosen}</option>}
                        {fields.map((f) => (
                          <option key={f.name} value={f.name}>
                            {fieldLabel(f)}
                            {mode !== 'update' && isRequiredInput(f) ? ' · required' : ''}
                          </option>
                        ))}
                      </select>
                      {(problems.get(column.letter) ?? []).map((p) => <p key={p} className="error small">{p}</p>)}
                    </td>
                    <td className="small" data-label="Checked">{checked ? <ColumnCheck column={column} mode={mode} soleKey={isSoleKey(plan, chosen, mode)} /> : <span className="muted">{chosen ? 'checked when the import starts' : ''}</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {missing.length > 0 && (
        <p className="warn" data-testid={`required-${sheet.name}`}>
          Required for a new record, and no column goes into {missing.length === 1 ? 'it' : 'them'}: {missing.map((f) => f.title).join(', ')}.
        </p>
      )}
      {plan.collection !== null && mode !== 'insert' && <SheetKeys sheet={sheet} checked={checked} plan={plan} description={description} problems={problems.get('keys') ?? []} disabled={disabled} onKeys={onKeys} />}
    </section>
  );
}

/** The fields that find the record a row of this sheet updates (upsert, update, skip existing). */
function SheetKeys({ sheet, checked, plan, description, problems, disabled, onKeys }: { sheet: Sheet; checked: boolean; plan: SheetPlan; description: CollectionDescription | null; problems: string[]; disabled: boolean; onKeys: (keys: string[]) => void }) {
  const candidates = keyCandidates(plan, description);
  const keys = plan.key_fields ?? [];
  const found = currentKeyMatches(sheet, checked);
  return (
    <fieldset aria-label={`Key fields for sheet ${sheet.name}`}>
      <legend>Key fields: a record with the same values is the same record</legend>
      {candidates.length === 0 && <span className="muted">Map a column first.</span>}
      {candidates.map((field) => {
        // As the field list names it, and whether the collection keeps its values unique (a key that is not may find several records).
        const known = description?.fields.find((f) => f.name === field);
        return (
          <label key={field} className="inline">
            <input type="checkbox" checked={keys.includes(field)} disabled={disabled} onChange={(e) => onKeys(e.target.checked ? [...keys, field] : keys.filter((k) => k !== field))} />
            {known ? fieldLabel(known) : field}
            {(known?.unique || known?.primary_key) && <span className="muted small"> · unique</span>}
          </label>
        );
      })}
      {problems.map((p) => <p key={p} className="error small">{p}</p>)}
      {found && <KeyMatchesNote found={found} description={description} />}
      {!found && keys.length > 0 && (
        <p className="muted small">
          {checked ? 'Rows are counted by their key before the run only for text and integer key fields.' : '“Check the rows with this plan” counts the rows these keys find, and those they do not.'}
        </p>
      )}
    </fieldset>
  );
}

/** What the analysis found when it checked the whole column against the proposed field. */
function ColumnCheck({ column, mode, soleKey }: { column: Sheet['columns'][number]; mode: ImportPlan['mode']; soleKey: boolean }) {
  const found = column.unique_values;
  const said = found && (found.existing > 0 || found.repeated > 0 || !found.all_counted) ? <UniqueValuesNote found={found} mode={mode} soleKey={soleKey} /> : null;
  if (column.error_count === 0 && column.unresolved.length === 0) {
    // A value already held, or repeated, may fail its row: that is no fit.
    return failingRows(found, mode, soleKey) ? said : <><span className="notice">every row fits</span>{said}</>;
  }
  return (
    <div className="error">
      {column.error_count > 0 && <>{plural(column.error_count, 'row')} {column.error_count === 1 ? 'fails' : 'fail'}</>}
      <ul>
        {/* The message names its row and column already ("row 3, column B …") when the analysis wrote it so. */}
        {column.first_errors.map((e) => <li key={`${e.row}:${e.message}`}>{/^row \d/i.test(e.message) ? e.message : `row ${e.row}: ${e.message}`}</li>)}
        {column.unresolved.slice(0, 5).map((u) => (
          <li key={u.value}>
            “{u.value}” not found ({plural(u.rows, 'row')} from row {u.first_row}){u.suggestions.length > 0 && <>: did you mean {u.suggestions.map((s) => `“${s}”`).join(', ')}?</>}
          </li>
        ))}
      </ul>
      {column.unresolved.length + column.unresolved_more > 5 && <span className="muted">and {column.unresolved.length + column.unresolved_more - 5} more values not found</span>}
      {said}
    </div>
  );
}
