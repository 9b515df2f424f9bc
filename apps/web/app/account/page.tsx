'use client';
import { useEffect, useState } from 'react';
import { DetailsForm } from '../../src/account/details-form';
import { PasswordForm } from '../../src/account/password-form';
import { SignOutEverywhere } from '../../src/account/sign-out-everywhere';
import { api, errorMessage } from '../../src/api';
import { useSession } from '../../src/session';
import type { Profile } from '../../src/types';

const ROLE_NAMES = { admin: 'administrator', power: 'power user', operator: 'operator', reader: 'reader' } as const;

/** Every user's own account: details, password and sessions. The role and apps are the admin's to change. */
export default function AccountPage() {
  const session = useSession();
  const [profile, setProfile] = useState<Profile | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    api<Profile>('/profile').then(setProfile, (error: unknown) => setProblem(errorMessage(error)));
  }, []);

  return (
    <>
      <h1>Your account</h1>
      <p className="muted">
        Signed in as <strong>{session.user.username}</strong>, {ROLE_NAMES[session.user.role]}
        {session.apps.length > 0 && <>, with {session.apps.map((a) => a.name).join(', ')}</>}. An administrator changes roles and apps.
      </p>
      {problem && <p className="error" role="alert">{problem}</p>}
      {!profile && !problem && <p className="muted">Loading…</p>}
      {profile && (
        <DetailsForm
          profile={profile}
          onSaved={(saved) => {
            setProfile(saved);
            session.reread();
          }}
        />
      )}
      <PasswordForm username={session.user.username} />
      <SignOutEverywhere />
    </>
  );
}
