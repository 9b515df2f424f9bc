'use client';
import { type ReactNode, useEffect, useState } from 'react';
import { api, ApiError, errorMessage } from '../api';
import type { CollectionDescription, CollectionSummary, ImportJob, ImportPlan, ImportPreview, SameFileImports } from '../types';
import { useUnsaved } from '../unsaved';
import { keyCandidates, matchColumns, proposedKeys } from './mappable-fields';
import { PlanOptions } from './plan-options';
import { SheetPlanEditor } from './sheet-plan';
import { plural } from './job-status';
import { insertAgainQuestion, SameFileNote } from './same-file-note';
import { sheetFailures } from './sheet-failures';

type Problems = Map<number, Map<string, string[]>>;

/** Every sheet of the preview in the plan: the saved or proposed one, a sheet it leaves out as such. */
function fullPlan(preview: ImportPreview, saved: ImportPlan | null): ImportPlan {
  const plan = saved ?? preview.proposed_plan;
  // Each sheet holds its own key fields here; a plan saved through the API may have one list for all.
  const sheets = preview.sheets.map((s) => plan.sheets.find((p) => p.sheet === s.name) ?? { sheet: s.name, collection: null, mapping: {} });
  return { ...plan, key_fields: [], sheets: sheets.map((s) => ({ ...s, key_fields: s.key_fields ?? plan.key_fields })) };
}

/** The plan differs from the one the preview checked: a collection, a column's field (but one left out that no row failed by), or how dates, numbers and empty cells are read. */
function unchecked(preview: ImportPreview, plan: ImportPlan): boolean {
  const checked = preview.proposed_plan;
  const options = (['mode', 'empty_cells', 'date_order', 'decimal_mark', 'time_zone'] as const).some((o) => plan[o] !== checked[o]);
  const keysOf = (sheet: string, p: ImportPlan) => (p.mode === 'insert' ? '' : (p.sheets.find((s) => s.sheet === sheet)?.key_fields ?? p.key_fields).join('\n'));
  return (
    options ||
    preview.sheets.some((sheet, i) => {
      const planned = plan.sheets[i];
      if (sheet.proposed_collection !== planned.collection) return true;
      // A column left out that no row failed by changes nothing the preview counted (leaving out an unused Homepage kept its 245 failing rows to count).
      const changed = (c: (typeof sheet.columns)[number]) => (planned.mapping[c.letter] ?? null) !== c.proposed_field && !((planned.mapping[c.letter] ?? null) === null && c.error_count === 0);
      return planned.collection !== null && (keysOf(sheet.name, plan) !== keysOf(sheet.name, checked) || sheet.columns.some(changed));
    })
  );
}

/**
 * A refused plan's problems by sheet, then by column (`sheets.0.mapping.B`), 'keys' for the sheet's
 * key fields, '' for the sheet itself; anything else goes to `general`.
 */
function byColumn(error: unknown): { problems: Problems; general: string[] } {
  const problems: Problems = new Map();
  const general: string[] = [];
  const fields = (error instanceof ApiError && (error.details as { fields?: { field: string; message: string }[] } | undefined)?.fields) || [];
  for (const { field, message } of fields) {
    const at = /^sheets\.(\d+)(?:\.mapping\.([A-Z]+)|\.(key_fields))?/.exec(field);
    if (!at) {
      general.push(`${field}: ${message}`);
      continue;
    }
    const sheet = problems.get(Number(at[1])) ?? new Map<string, string[]>();
    const where = at[2] ?? (at[3] ? 'keys' : '');
    sheet.set(where, [...(sheet.get(where) ?? []), message]);
    problems.set(Number(at[1]), sheet);
  }
  return { problems, general };
}

/** The preview of a ready job, as a plan to adjust: where each sheet and column goes, how rows are written; then the start. */
export function PlanEditor({ job, canWrite, onStarted, onStale, beside, userId }: { job: ImportJob; canWrite: boolean; /** The signed-in user's id. */ userId: string; onStarted: (job: ImportJob) => void; onStale: (message: string) => void; beside: ReactNode }) {
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [plan, setPlan] = useState<ImportPlan | null>(null);
  const [collections, setCollections] = useState<CollectionSummary[]>([]);
  const [descriptions, setDescriptions] = useState(new Map<string, CollectionDescription>());
  const [problem, setProblem] = useState<string | null>(null);
  const [problems, setProblems] = useState<Problems>(new Map());
  const [busy, setBusy] = useState(false);
  // The plan as loaded: a changed one is lost by leaving the page, so leaving is asked first.
  const [loaded, setLoaded] = useState<ImportPlan | null>(null);
  useUnsaved(!!plan && !!loaded && plan !== loaded && !busy, 'Leave this import? Your changes to its plan are not saved (they are saved when it starts).');

  // Earlier imports of the same file into this database; unknown (null) when they could not be read, which is no reason to hold the preview back.
  const [sameFile, setSameFile] = useState<SameFileImports | null>(null);
  const [sameFileProblem, setSameFileProblem] = useState<string | null>(null);

  const describeNow = (name: string) => api<CollectionDescription>(`/import-targets/${job.target_id}/collections/${encodeURIComponent(name)}`);
  const load = (saved: ImportPlan | null) =>
    Promise.all([api<ImportPreview>(`/imports/${job.id}/preview`), api<CollectionSummary[]>(`/import-targets/${job.target_id}/collections`)]).then(
      async ([p, c]) => {
        const first = fullPlan(p, saved);
        // The plan's collections are described before it shows: the keys a mode change proposes, and
        // those a save keeps, are judged by their fields. One that cannot be read is said, not fatal.
        const names = [...new Set(first.sheets.flatMap((s) => (s.collection ? [s.collection] : [])))];
        const described = await Promise.all(names.map((name) => describeNow(name).catch((error: unknown) => (setProblem(errorMessage(error)), null))));
        setDescriptions((d) => described.reduce((all, one, i) => (one ? all.set(names[i], one) : all), new Map(d)));
        setPreview(p);
        setPlan(first);
        setLoaded(first);
        setCollections(c);
      },
      (error: unknown) => setProblem(errorMessage(error)),
    );
  useEffect(() => {
    void load(job.plan);
    api<SameFileImports>(`/imports/${job.id}/same-file`).then(setSameFile, (error: unknown) => setSameFileProblem(errorMessage(error)));
    // The preview is the job's as analysed: read once (and after a check again), whatever else of the job changes.
  }, [job.id]);

  const describe = async (name: string): Promise<CollectionDescription> => {
    const known = descriptions.get(name);
    if (known) return known;
    const description = await describeNow(name);
    setDescriptions((d) => new Map(d).set(name, description));
    return description;
  };
  const wanted = plan?.sheets.flatMap((s) => (s.collection ? [s.collection] : [])).join('\n') ?? '';
  useEffect(() => {
    for (const name of wanted ? wanted.split('\n') : []) describe(name).catch((error: unknown) => setProblem(errorMessage(error)));
  }, [wanted]);

  // The preview needs the database: while it cannot be read, the import can still be cancelled.
  if (!preview || !plan) return problem ? <><p className="error" role="alert">Cannot show the preview: {problem}</p>{beside && <p className="actions">{beside}</p>}</> : <p className="muted">Loading the preview…</p>;

  const descriptionOf = (sheet: ImportPlan['sheets'][number]) => (sheet.collection ? (descriptions.get(sheet.collection) ?? null) : null);
  const changeSheet = (index: number, change: Partial<ImportPlan['sheets'][number]>) => setPlan((p) => p && { ...p, sheets: p.sheets.map((s, i) => (i === index ? { ...s, ...change } : s)) });
  const chooseCollection = async (index: number, name: string | null) => {
    changeSheet(index, { collection: name, mapping: {} });
    if (!name) return;
    try {
      const sheet = preview.sheets[index];
      const proposed = sheet.proposed_collection === name ? preview.proposed_plan.sheets.find((s) => s.sheet === sheet.name) : undefined;
      const mapping = proposed ? proposed.mapping : matchColumns(sheet, await describe(name), plan.mode);
      // Unless another collection was chosen meanwhile.
      setPlan((p) => p && { ...p, sheets: p.sheets.map((s, i) => (i === index && s.collection === name ? { ...s, mapping } : s)) });
    } catch (error) {
      setProblem(errorMessage(error));
    }
  };

  // Leaving insert, a sheet without keys is given its first unique mapped field: the operator unticks it if it is not the one.
  const withKeysFor = (next: ImportPlan, before: ImportPlan['mode']): ImportPlan =>
    before !== 'insert' || next.mode === 'insert'
      ? next
      : { ...next, sheets: next.sheets.map((s) => (s.key_fields?.length ? s : { ...s, key_fields: proposedKeys(s, descriptionOf(s)) })) };

  async function start() {
    if (!plan) return;
    // Rows the analysis saw would fail: asked about now, not found in the result file after the run.
    const each = preview ? preview.sheets.map((sheet, i) => sheetFailures(sheet, plan.sheets[i], plan.mode, !unchecked(preview, plan))) : [];
    const failing = each.reduce((sum, f) => sum + f.count, 0);
    const atLeast = each.some((f) => f.count > 0 && !f.exact) ? 'at least ' : '';
    const undone = plan.all_or_nothing ? ' With all or nothing, the first of them undoes the whole import.' : '';
    const said = [
      failing ? `The preview found ${atLeast}${plural(failing, 'row')} that will fail: the sheets and columns marked say why.${undone}` : '',
      // Loaded twice, an export's rows are there twice: the one case asked about here, other modes find what it wrote.
      insertAgainQuestion(sameFile, plan) ?? '',
    ].filter(Boolean);
    if (said.length && !window.confirm(`${said.join('\n\n')}\n\nStart anyway?`)) return;
    await saveThen('start');
  }

  /** Saves the plan, then starts the import or has the whole file checked again with it. */
  async function saveThen(action: 'start' | 'check') {
    if (!plan) return;
    setBusy(true);
    setProblem(null);
    setProblems(new Map());
    let saved = false;
    try {
      // Unmapped columns are left out of what is sent: null and absent say the same. Keys ticked
      // before a column or the mode changed, and no longer offered, are not sent either. Which are
      // offered needs the collection's fields, read first when they have not loaded (judged without
      // them, every key would look unoffered and be dropped); unreadable, the keys go as ticked and
      // import-service judges them.
      const keysOf = async (s: ImportPlan['sheets'][number]) => {
        if (plan.mode === 'insert' || !s.collection) return undefined;
        const ticked = s.key_fields ?? [];
        const description = ticked.length ? await describe(s.collection).catch(() => null) : null;
        return description ? ticked.filter((k) => keyCandidates(s, description).includes(k)) : ticked;
      };
      const keys = await Promise.all(plan.sheets.map(keysOf));
      const sheets = plan.sheets.map((s, i) => ({
        ...s,
        mapping: Object.fromEntries(Object.entries(s.mapping).filter(([, f]) => f !== null)),
        key_fields: keys[i],
      }));
      await api(`/imports/${job.id}/plan`, { method: 'PUT', json: { ...plan, sheets, key_fields: [] } });
      saved = true;
      setLoaded(plan);
      const next = await api<ImportJob>(`/imports/${job.id}/${action}`, { method: 'POST' });
      onStarted(next);
      // Checked already (a small file): this editor stays, so it reads the new preview itself.
      if (action === 'check' && next.status === 'ready') await load(next.plan);
    } catch (error) {
      const found = byColumn(error);
      setProblems(found.problems);
      setProblem(found.general.length || !found.problems.size ? errorMessage(error) : 'The plan does not fit the collection: the sheets and columns marked above say why. Nothing was written.');
      // Started, cancelled or changed meanwhile (another tab, an admin), or saved and then not sent on: the page shows the job as it is now.
      if (saved || (error instanceof ApiError && error.code === 'JOB_STATE')) onStale(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  const stale = unchecked(preview, plan);
  return (
    <>
      <p className="muted">
        Read as {preview.format.toUpperCase()}
        {preview.encoding && `, ${preview.encoding}`}
        {preview.delimiter && `, columns separated by ${preview.delimiter === '\t' ? 'tabs' : `“${preview.delimiter}”`}`}. Nothing is written until you start.
      </p>
      {preview.sheets.map((sheet, i) => (
        <SheetPlanEditor
          key={sheet.name}
          sheet={sheet}
          plan={plan.sheets[i]}
          collections={collections}
          description={descriptionOf(plan.sheets[i])}
          problems={problems.get(i) ?? new Map()}
          disabled={!canWrite || busy}
          onCollection={(name) => void chooseCollection(i, name)}
          mode={plan.mode}
          checked={!stale}
          onField={(letter, field) => setPlan((p) => p && { ...p, sheets: p.sheets.map((s, at) => (at === i ? { ...s, mapping: { ...s.mapping, [letter]: field } } : s)) })}
          onKeys={(keys) => changeSheet(i, { key_fields: keys })}
        />
      ))}
      <SameFileNote earlier={sameFile} problem={sameFileProblem} plan={plan} />
      <PlanOptions plan={plan} disabled={!canWrite || busy} onChange={(change) => setPlan((p) => p && withKeysFor({ ...p, ...change }, p.mode))} />
      {problem && <p className="error" role="alert">{problem}</p>}
      {job.error && <p className="warn">{job.error}</p>}
      {canWrite && job.owner_id !== userId && <p className="muted">Another user’s import: started by you, it runs with your role and grants.</p>}
      {canWrite && (
        <p className="actions">
          <button type="button" disabled={busy} onClick={() => void start()}>{busy ? 'Saving…' : 'Start the import'}</button>
          {/* Checked already, the rows may still read otherwise now: another import may have added the records they name. */}
          <button type="button" className="secondary" disabled={busy} onClick={() => void saveThen('check')}>{stale ? 'Check the rows with this plan' : 'Check the rows again'}</button>
          {beside}
        </p>
      )}
    </>
  );
}
