'use client';
import { TimeZoneList } from '../time-zones';
import type { ImportPlan } from '../types';


const MODES: Record<ImportPlan['mode'], string> = {
  insert: 'Insert: every row is a new record (a key that exists already fails the row)',
  upsert: 'Upsert: update the record with the same key, insert the others',
  update: 'Update: change the records with the same key, fail the others',
  'skip-existing': 'Skip existing: insert rows whose key is new, leave the others alone',
};

/** How rows are written: the mode, all or nothing, and how dates and numbers read (each sheet names its key fields). */
export function PlanOptions({ plan, disabled, onChange }: { plan: ImportPlan; disabled: boolean; onChange: (change: Partial<ImportPlan>) => void }) {
  return (
    <section className="card options" aria-label="How rows are written">
      <label>
        Mode
        <select value={plan.mode} disabled={disabled} onChange={(e) => onChange({ mode: e.target.value as ImportPlan['mode'] })}>
          {Object.entries(MODES).map(([mode, words]) => <option key={mode} value={mode}>{words}</option>)}
        </select>
      </label>
      {plan.mode !== 'insert' && <p className="muted small">Each sheet above says which of its fields find the existing records: its key fields.</p>}
      {(plan.mode === 'update' || plan.mode === 'upsert') && (
        <label>
          An empty cell, on a record that exists
          <select value={plan.empty_cells} disabled={disabled} onChange={(e) => onChange({ empty_cells: e.target.value as ImportPlan['empty_cells'] })}>
            <option value="keep">leaves its field as it is</option>
            <option value="clear">empties its field</option>
          </select>
        </label>
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
          Numbers like 1.299,50 or 1,299.50 use
          <select value={plan.decimal_mark ?? ''} disabled={disabled} onChange={(e) => onChange({ decimal_mark: (e.target.value || undefined) as ImportPlan['decimal_mark'] })}>
            <option value=",">a decimal comma (1.299,50)</option>
            <option value=".">a decimal point (1,299.50)</option>
            <option value="">either: each cell as it reads best</option>
          </select>
        </label>
        <label>
          Times without a zone are in
          <input value={plan.time_zone} disabled={disabled} maxLength={64} list="plan-time-zones" placeholder="Europe/Lisbon" onChange={(e) => onChange({ time_zone: e.target.value })} />
          <TimeZoneList id="plan-time-zones" />
        </label>
      </div>
    </section>
  );
}
