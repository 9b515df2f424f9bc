'use client';
import { type FormEvent, useState } from 'react';
import { api, errorMessage } from '../api';
import { passwordWords } from './password-words';
import type { Profile } from '../types';
import { TimeZoneList } from '../time-zones';
import { useUnsaved } from '../unsaved';

/** The profile's fields this form edits, as PUT /api/profile takes them (an empty one is none). */
const DETAILS = [
  { name: 'full_name', label: 'Full name', max: 200, required: true, autoComplete: 'name' },
  { name: 'email', label: 'Email', max: 254, required: true, autoComplete: 'email', type: 'email' },
  { name: 'phone', label: 'Phone', max: 40, autoComplete: 'tel', type: 'tel' },
  { name: 'job_title', label: 'Job title', max: 120, autoComplete: 'organization-title' },
  { name: 'department', label: 'Department', max: 120, autoComplete: 'off' },
  { name: 'locale', label: 'Language', max: 20, autoComplete: 'off', placeholder: 'pt-PT' },
  { name: 'timezone', label: 'Time zone', max: 64, autoComplete: 'off', placeholder: 'Europe/Lisbon', list: 'time-zones' },
] as const;

type Detail = (typeof DETAILS)[number]['name'];


/**
 * One's own name, e-mail and personal details, saved together; the API names a field it refuses.
 * A new e-mail is a new sign-in name, so it asks for the current password.
 */
export function DetailsForm({ profile, onSaved }: { profile: Profile; onSaved: (profile: Profile) => void }) {
  const [dirty, setDirty] = useState(false);
  const [email, setEmail] = useState(profile.email);
  const newEmail = email.trim().toLowerCase() !== profile.email.toLowerCase();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useUnsaved(dirty, 'Your details have changes that are not saved. Leave without saving them?');

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const changes: Partial<Record<Detail | 'current_password', string>> = Object.fromEntries(DETAILS.map(({ name }) => [name, String(data.get(name) ?? '').trim()]));
    if (newEmail) changes.current_password = String(data.get('current_password') ?? '');
    setBusy(true);
    setProblem(null);
    setNotice(null);
    try {
      const saved = await api<Profile>('/profile', { method: 'PUT', json: changes });
      setDirty(false);
      setEmail(saved.email);
      onSaved(saved);
      setNotice('Your details were saved.');
    } catch (error) {
      setProblem(passwordWords(errorMessage(error)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="fields card" onSubmit={(e) => void save(e)} onChange={() => setDirty(true)} aria-labelledby="details">
      <h2 id="details" className="wide">Details</h2>
      {DETAILS.map((d) => (
        <label key={d.name}>
          {d.label}
          <input
            name={d.name}
            type={'type' in d ? d.type : 'text'}
            defaultValue={profile[d.name] ?? ''}
            maxLength={d.max}
            required={'required' in d}
            autoComplete={d.autoComplete}
            placeholder={'placeholder' in d ? d.placeholder : undefined}
            list={'list' in d ? d.list : undefined}
            onChange={d.name === 'email' ? (e) => setEmail(e.currentTarget.value) : undefined}
          />
        </label>
      ))}
      {newEmail && (
        <label>
          Current password, to change the email
          <input name="current_password" type="password" autoComplete="current-password" required maxLength={256} />
        </label>
      )}
      <TimeZoneList id="time-zones" />
      {problem && <p className="error wide" role="alert">{problem}</p>}
      {notice && <p className="notice wide" role="status">{notice}</p>}
      <p className="wide"><button type="submit" disabled={busy}>{busy ? 'Saving…' : 'Save details'}</button></p>
    </form>
  );
}
