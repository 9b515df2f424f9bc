'use client';
import { useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../../src/api';
import { useSession } from '../../src/session';
import { SettingsForm } from '../../src/settings/settings-form';
import { SuggestionsPanel } from '../../src/settings/suggestions-panel';
import { UsagePanel } from '../../src/settings/usage-panel';
import { useUnsaved } from '../../src/unsaved';
import type { AiSettings } from '../../src/types';

/** The admin's AI settings: provider, model, key (never shown unmasked), caps, lists, rules; usage and suggestions. */
export default function SettingsPage() {
  const session = useSession();
  const [settings, setSettings] = useState<AiSettings | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // Bumped whenever the form must show the settings as stored (after a save or an accepted suggestion).
  const [revision, setRevision] = useState(0);
  const [dirty, setDirty] = useState(false);
  const [usageTick, setUsageTick] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  useUnsaved(dirty, 'Leave the AI settings? Your changes are not saved.');
  // Saved from the foot of a long form: the word that it was is brought into sight.
  const noticeAt = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (notice) noticeAt.current?.scrollIntoView({ block: 'nearest' });
  }, [notice]);

  useEffect(() => {
    if (!session.has('admin')) return;
    api<AiSettings>('/settings').then(
      (loaded) => {
        setSettings(loaded);
        setProblem(null);
      },
      (e: unknown) => setProblem(errorMessage(e)),
    );
  }, [session]);

  const stored = (next: AiSettings, message: string) => {
    setSettings(next);
    setNotice(message);
    setRevision((r) => r + 1);
    setDirty(false);
    setUsageTick((t) => t + 1);
  };

  if (!session.has('admin')) return <p className="error" role="alert">Only administrators change the AI settings.</p>;
  if (problem && !settings) return <p className="error" role="alert">{problem}</p>;
  if (!settings) return <p className="muted">Loading…</p>;
  return (
    <>
      <h1>AI settings</h1>
      {notice && <p ref={noticeAt} className="notice" role="status">{notice}</p>}
      <SettingsForm
        key={revision}
        settings={settings}
        onSaved={(next) => stored(next, 'Saved. New documents use these settings; re-process older ones to apply them.')}
        onEdited={() => {
          setDirty(true);
          setNotice(null);
        }}
        onTested={() => setUsageTick((t) => t + 1)}
      />
      <SuggestionsPanel
        onAccepted={(next) => stored(next, 'Accepted: the lists are saved with it.')}
        mayDiscardEdits={() => !dirty || window.confirm('Accepting saves the lists now, and your unsaved changes in the form above are discarded. Go on?')}
      />
      <UsagePanel refresh={usageTick} />
    </>
  );
}
