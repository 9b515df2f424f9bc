'use client';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../src/api';
import { useSession } from '../../src/session';
import { SettingsForm } from '../../src/settings/settings-form';
import { SuggestionsPanel } from '../../src/settings/suggestions-panel';
import { UsagePanel } from '../../src/settings/usage-panel';
import type { AiSettings } from '../../src/types';

/** The admin's AI settings: provider, model, key (never shown unmasked), caps, lists; usage and suggestions. */
export default function SettingsPage() {
  const session = useSession();
  const [settings, setSettings] = useState<AiSettings | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (session.has('admin')) void api<AiSettings>('/settings').then(setSettings, (e: unknown) => setProblem(errorMessage(e)));
  }, [session, version]);
  if (!session.has('admin')) return <p className="error" role="alert">Only administrators change the AI settings.</p>;
  if (problem) return <p className="error" role="alert">{problem}</p>;
  if (!settings) return <p className="muted">Loading…</p>;
  return (
    <>
      <h1>AI settings</h1>
      <SettingsForm key={version} settings={settings} onSaved={(next) => setSettings(next)} />
      <SuggestionsPanel onAccepted={() => setVersion((v) => v + 1)} />
      <UsagePanel refresh={version} />
    </>
  );
}
