'use client';
import { type FormEvent, type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api';

/** What an action asked for the admin's password gives when the admin cancels. */
export const CANCELLED = Symbol('cancelled');

type Field = { field: string; message: string };
const currentPasswordField = (error: unknown, message: string) =>
  error instanceof ApiError && error.status === 400 && ((error.details as { fields?: Field[] } | undefined)?.fields ?? []).some((f) => f.field === 'current_password' && f.message === message);

/** Asks the signed-in user's own password, with what it is for; null when cancelled. */
export type AskPassword = (purpose: string) => Promise<string | null>;

/**
 * Runs `action` as it is; when the API answers that the change needs the acting admin's own password
 * (making an admin, changing another), asks for it and runs `action` again with it.
 */
export async function withPassword<T>(ask: AskPassword, action: (currentPassword?: string) => Promise<T>): Promise<T | typeof CANCELLED> {
  try {
    return await action();
  } catch (error) {
    if (!currentPasswordField(error, 'is required')) throw error;
    const password = await ask((error as ApiError).message.replace(/^current_password is required to /, ''));
    if (password === null) return CANCELLED;
    try {
      return await action(password);
    } catch (again) {
      if (currentPasswordField(again, 'is wrong')) throw new Error('Your password was not right: nothing was changed.');
      throw again;
    }
  }
}

/** A modal dialog asking the admin's own password, and the function that opens it. */
export function usePasswordPrompt(): { ask: AskPassword; prompt: ReactNode } {
  const [asking, setAsking] = useState<{ purpose: string; resolve: (password: string | null) => void } | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const ask = useCallback<AskPassword>((purpose) => new Promise((resolve) => setAsking({ purpose, resolve })), []);
  useEffect(() => {
    if (asking && !dialog.current?.open) dialog.current?.showModal();
  }, [asking]);
  const finish = (password: string | null) => {
    asking?.resolve(password);
    setAsking(null);
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    finish(String(new FormData(event.currentTarget).get('current_password') ?? ''));
  };
  const prompt = asking && (
    // Escape closes a modal dialog: that is a cancel.
    <dialog ref={dialog} className="prompt" aria-labelledby="password-prompt-title" onCancel={() => finish(null)}>
      <form onSubmit={submit}>
        <h2 id="password-prompt-title">Your password, please</h2>
        <p>To {asking.purpose}, type your own password: a session left open must not be enough.</p>
        <label>
          Your password
          <input name="current_password" type="password" autoComplete="current-password" required maxLength={256} autoFocus />
        </label>
        <p>
          <button type="submit">Confirm</button>{' '}
          <button type="button" className="secondary" onClick={() => finish(null)}>Cancel</button>
        </p>
      </form>
    </dialog>
  );
  return { ask, prompt };
}
