'use client';
import type { ImportPlan } from '../types';

const MODES: Record<ImportPlan['mode'], string> = {
  insert: 'Insert: every row is a new record (a key that exists already fails the row)',
  upsert: 'Upsert: update the record with the same key, insert the others',
  update: 'Update: change the records with the same key, fail the others',
  'skip-existing': 'Skip existing: insert rows whose key is new, leave the others alone',
};

/** How rows are written: the mode and its key fields, all or nothing, and how undated dates read. */
export function PlanOptions({ plan, keyCandidates, disabled, onChange }: { plan: ImportPlan; keyCandidates: string[]; disabled: boolean; onChange: (change: Partial<ImportPlan>) => void }) {
  const keys = new Set(plan.key_fields);
  const toggleKey = (field: string, on: boolean) => onChange({ key_fields: on ? [...plan.key_fields, field] : plan.key_fields.filter((k) => k !== field) });
  return (
    <section className="card options" aria-label="How rows are written">
      <label>
        Mode
        <select value={plan.mode} disabled={disabled} onChange={(e) => onChange({ mode: e.target.value as ImportPlan['mode'] })}>
          {Object.entries(MODES).map(([mode, words]) => <option key={mode} value={mode}>{words}</option>)}
        </select>
      </label>
      {plan.mode !== 'insert' && (
        <fieldset>
          <legend>Key fields (a record with the same values is the same record)</legend>
          {keyCandidates.length === 0 && (
            <span className="muted">{plan.sheets.filter((s) => s.collection !== null).length > 1 ? 'No field is mapped in every sheet: the key fields serve every sheet, so import such sheets one at a time.' : 'Map a column first.'}</span>
          )}
          {keyCandidates.map((field) => (
            <label key={field} className="inline">
              <input type="checkbox" checked={keys.has(field)} disabled={disabled} onChange={(e) => toggleKey(field, e.target.checked)} />
              {field}
            </label>
          ))}
        </fieldset>
      )}
      <label className="inline">
        <input type="checkbox" checked={plan.all_or_nothing} disabled={disabled} onChange={(e) => onChange({ all_or_nothing: e.target.checked })} />
        All or nothing: the first failed row undoes the whole import
      </label>
      <div className="row">
        <label>
          Dates like 03/04/2024 are
          <select value={plan.date_order} disabled={disabled} onChange={(e) => onChange({ date_order: e.target.value as ImportPlan['date_order'] })}>
            <option value="day-first">day first (3 April)</option>
            <option value="month-first">month first (March 4)</option>
          </select>
        </label>
        <label>
          Times without a zone are in
          <input value={plan.time_zone} disabled={disabled} maxLength={64} onChange={(e) => onChange({ time_zone: e.target.value })} />
        </label>
      </div>
    </section>
  );
}
