import { Injectable } from '@nestjs/common';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';
import { AppError } from '@intake/contracts';

/** zxcvbn's "safely unguessable" score: 10^8 guesses and more (NIST SP 800-63B's blocklist check, done by estimate). */
const LEAST_SCORE = 3;

/** The account's own words, which a password should not be made of. */
export interface PersonalWords {
  username?: string | null;
  email?: string | null;
  fullName?: string | null;
}

/**
 * Refuses a password a guesser would try early: a common one, a keyboard walk, a repeated sign, a
 * date, the account's own name or e-mail. Only the first 32 characters are judged and l33t
 * substitutions are bounded: the estimate is synchronous, and a 64-character password took up to
 * 2.4 s of the event loop with the library's defaults against 65 ms like this (measured here).
 */
@Injectable()
export class PasswordStrength {
  private estimator: ZxcvbnFactory | null = null;

  /** `field`: the request's name for the password, so the 400 names it. */
  assertStrong(password: string, field: string, personal: PersonalWords): void {
    const result = this.estimate().check(password, wordsOf(personal));
    if (result.score >= LEAST_SCORE) return;
    const advice = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean).join(' ');
    const message = `is too easy to guess: ${advice || 'a few unrelated words, or a longer password, will do.'}`;
    throw new AppError('VALIDATION_FAILED', `${field} ${message}`, { fields: [{ field, message }] });
  }

  // Built on first use: the dictionaries take half a second and 30 MB, which a service that never sets a password need not pay.
  private estimate(): ZxcvbnFactory {
    this.estimator ??= new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...english.dictionary, intake: ['intake'] },
      graphs: common.adjacencyGraphs,
      translations: english.translations,
      maxLength: 32,
      l33tMaxSubstitutions: 10,
    });
    return this.estimator;
  }
}

function wordsOf({ username, email, fullName }: PersonalWords): string[] {
  // Whole, in parts and run together: maria.silva, maria, silva, mariasilva.
  const forms = (text: string | null | undefined, between: RegExp) => (text ? [text, ...text.split(between), text.replace(between, '')] : []);
  return [...forms(username, /[._-]+/g), email, ...forms(email?.split('@')[0], /[._+-]+/g), ...forms(fullName, /\s+/g)].filter(
    (word): word is string => Boolean(word && word.length >= 3),
  );
}
