'use client';
import { sameName } from '@intake/contracts/name-key';
import { type FormEvent, Fragment, useRef, useState } from 'react';
import { useUnsaved } from '../unsaved';
import { api, errorMessage } from '../api';
import type { Category, DocumentDetail, ExtractedField, FieldView } from '../types';
import { readAmount } from './amount-text';

const FIELDS: { key: ExtractedField; label: string; type?: string; wide?: boolean }[] = [
  { key: 'title', label: 'Title', wide: true },
  { key: 'document_type', label: 'Type' },
  { key: 'document_date', label: 'Date', type: 'date' },
  // Text, not a number input: Chromium turned "4250,75" into 425075 there, and saved it.
  { key: 'amount', label: 'Amount', type: 'amount' },
  { key: 'currency', label: 'Currency' },
  { key: 'counterparty', label: 'Counterparty', wide: true },
  { key: 'summary', label: 'Summary', wide: true },
];

/** The longest value the API takes for each text field (PATCH /documents/:id): typing stops there instead of failing on save. */
const MAX_LENGTH: Partial<Record<ExtractedField, number>> = { title: 500, document_type: 80, currency: 3, counterparty: 500, summary: 5000 };

/** Who read a value: the offline rules are no AI, and their "85% sure" is a rule's, not a model's. */
const readBy = (provider: string | null) => (provider === 'rules' ? 'read by the rules' : 'from the AI');

function Provenance({ field, provider, onReset }: { field?: FieldView; provider: string | null; onReset?: () => void }) {
  if (!field?.source) return null;
  if (field.source === 'user') {
    return (
      <span className="muted small">
        your correction
        {onReset && <> · <button type="button" className="link small" onClick={onReset}>use the AI&apos;s value</button></>}
      </span>
    );
  }
  // A field the AI left empty has nothing to be sure of.
  const confidence = field.confidence === undefined || field.value === null ? '' : ` · ${Math.round(field.confidence * 100)}% sure`;
  return (
    <span className="muted small" title={field.snippet ?? undefined}>
      {readBy(provider)}{confidence}
      {field.snippet && <> · “{field.snippet.slice(0, 80)}”</>}
    </span>
  );
}

/** The value a control showed before the user typed, reshaped as the browser reshapes what is typed. */
function shownValue(control: HTMLInputElement | HTMLTextAreaElement): string {
  return control instanceof HTMLTextAreaElement ? control.defaultValue.replace(/\r\n?/g, '\n') : control.defaultValue.replace(/[\r\n]/g, '');
}

/**
 * The extracted values and categories, editable; what the user saves wins over the AI from then on.
 * The AI's suggested categories (names from the admin's list) are the user's own to take: one the
 * user has is marked, one the user lacks can be made and ticked in one click; saving files it.
 * `onSaved` gets the document as stored; `onCategoryAdded` the category made here.
 */
export function DocumentForm({ doc, categories, types, canWrite, onSaved, onEdited, onCategoryAdded }: {
  doc: DocumentDetail;
  categories: Category[];
  /** The document types offered as the type is typed (the configured ones and the user's own). */
  types: string[];
  canWrite: boolean;
  onSaved: (doc: DocumentDetail, notice?: string) => void;
  onEdited: () => void;
  onCategoryAdded: (category: Category) => void;
}) {
  const [problem, setProblem] = useState<string | null>(null);
  // Edited and not saved: a reset of one field would drop that (the form is made again from what is stored).
  const [dirty, setDirty] = useState(false);
  // A save under way: another press of the button (or Enter) waits for it instead of sending the same changes again.
  const [saving, setSaving] = useState(false);
  const inFlight = useRef(false);
  useUnsaved(dirty, 'Leave this document? Your corrections are not saved.');
  // Categories made from a suggestion: their boxes appear ticked.
  const [ticked, setTicked] = useState<string[]>([]);
  const suggestionFor = (c: Category) => doc.suggested_categories.find((s) => sameName(s.name, c.name));
  const missing = doc.suggested_categories.filter((s) => !categories.some((c) => sameName(c.name, s.name)));

  async function addSuggested(name: string) {
    setProblem(null);
    try {
      const category = await api<Category>('/documents/categories', { json: { name } });
      setTicked((t) => [...t, category.id]);
      onCategoryAdded(category);
      // Ticked, not yet filed: that takes a save, so leaving now is asked first.
      setDirty(true);
      onEdited();
    } catch (error) {
      setProblem(errorMessage(error));
    }
  }

  /** Drops the correction of one field: it shows the AI's value again, and re-processing sets it. */
  async function reset(key: ExtractedField, label: string) {
    if (dirty && !window.confirm(`Use the AI's value for ${label}? Your unsaved changes to this document are dropped.`)) return;
    setProblem(null);
    try {
      onSaved(await api<DocumentDetail>(`/documents/${doc.id}`, { method: 'PATCH', json: { reset_fields: [key] } }), `${label}: the AI's value again; re-processing sets it from now on.`);
    } catch (error) {
      setProblem(errorMessage(error));
    }
  }

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (inFlight.current) return;
    const form = event.currentTarget;
    const changes: Record<string, unknown> = {};
    let written: string | null = null;
    // Only what the user touched: a control as first shown is left alone, even where the browser
    // reshaped the stored value (a text input drops line breaks), so nothing becomes a "correction" by accident.
    for (const { key, type } of FIELDS) {
      const control = form.elements.namedItem(key) as HTMLInputElement | HTMLTextAreaElement | null;
      if (!control || control.value === shownValue(control)) continue;
      const raw = control.value.trim();
      if (type === 'amount') {
        const amount = readAmount(raw);
        if ('problem' in amount) {
          control.focus();
          return setProblem(amount.problem);
        }
        changes[key] = amount.value;
        written = amount.currency;
      } else changes[key] = raw === '' ? null : key === 'currency' ? raw.toUpperCase() : raw;
    }
    // "347,52 €" typed as the amount names its currency too, unless the Currency box says otherwise.
    if (written && changes.currency === undefined && written !== doc.currency) changes.currency = written;
    else if (written && typeof changes.currency === 'string' && changes.currency !== written) {
      (form.elements.namedItem('currency') as HTMLInputElement).focus();
      return setProblem(`The amount is in ${written} but Currency says ${changes.currency}: change one of them.`);
    }
    const categoryIds = new FormData(form).getAll('category_ids').map(String);
    if ([...categoryIds].sort().join() !== doc.categories.map((c) => c.id).sort().join()) changes.category_ids = categoryIds;
    if (!Object.keys(changes).length) return setProblem('Nothing changed.');
    setProblem(null);
    inFlight.current = true;
    setSaving(true);
    try {
      onSaved(await api<DocumentDetail>(`/documents/${doc.id}`, { method: 'PATCH', json: changes }));
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      inFlight.current = false;
      setSaving(false);
    }
  }

  return (
    <form className="fields" onSubmit={(e) => void save(e)} onChange={() => { setDirty(true); onEdited(); }}>
      {/* The provenance (with its reset button) stands outside the label: a click on the label must
          reach the field, and the field's name must be its label alone. */}
      {FIELDS.map(({ key, label, type, wide }) => (
        <div key={key} className={wide ? 'field wide' : 'field'}>
          <span>
            <label htmlFor={`field-${key}`}>{label}</label> <Provenance field={doc.fields[key]} provider={doc.provider} onReset={canWrite ? () => void reset(key, label) : undefined} />
          </span>
          {key === 'summary' ? (
            <textarea id={`field-${key}`} name={key} defaultValue={doc.summary ?? ''} rows={3} maxLength={MAX_LENGTH.summary} disabled={!canWrite} />
          ) : (
            <input id={`field-${key}`} name={key} type={type === 'date' ? 'date' : 'text'} list={key === 'document_type' ? 'form-document-types' : undefined} inputMode={type === 'amount' ? 'decimal' : undefined} maxLength={MAX_LENGTH[key]} defaultValue={String(doc[key] ?? '')} disabled={!canWrite} />
          )}
        </div>
      ))}
      <datalist id="form-document-types">
        {types.map((t) => <option key={t} value={t} />)}
      </datalist>
      <fieldset className="wide">
        <legend>Categories</legend>
        {categories.length === 0 && <span className="muted">No categories yet: add them on the documents page.</span>}
        {categories.map((c) => {
          const suggested = suggestionFor(c);
          return (
            <label key={c.id} className="inline">
              <input type="checkbox" name="category_ids" value={c.id} defaultChecked={doc.categories.some((d) => d.id === c.id) || ticked.includes(c.id)} disabled={!canWrite} /> {c.name}
              {suggested && <span className="chip" title={suggested.snippet ?? undefined}>suggested · {Math.round(suggested.confidence * 100)}%</span>}
            </label>
          );
        })}
        {missing.length > 0 && (
          <p className="small">
            <span className="muted">Suggested, not among your categories: </span>
            {missing.map((s, i) => (
              <Fragment key={s.name}>
                {i > 0 && ' · '}
                {canWrite ? (
                  <button type="button" className="link" title={s.snippet ?? undefined} onClick={() => void addSuggested(s.name)}>
                    add “{s.name}” and tick it
                  </button>
                ) : (
                  <span className="chip">{s.name}</span>
                )}
              </Fragment>
            ))}
          </p>
        )}
      </fieldset>
      {problem && <p className="error wide" role="alert">{problem}</p>}
      {canWrite && (
        <p className="wide">
          <button type="submit" aria-busy={saving}>{saving ? 'Saving…' : 'Save corrections'}</button>
        </p>
      )}
    </form>
  );
}
