import { Inject, Injectable } from '@nestjs/common';
import { maskSecret, SECRET_MASK, SecretBox } from '@intake/db';

export type SecretMap = Record<string, string>;

/**
 * A target's secrets at rest: one SecretBox value holding a JSON object, so each kind keeps what it
 * needs (a NocoBase password, later an Elasticsearch API key) without new columns.
 */
@Injectable()
export class TargetSecrets {
  constructor(@Inject(SecretBox) private readonly box: SecretBox) {}

  seal(secrets: SecretMap): string | null {
    const present = Object.fromEntries(Object.entries(secrets).filter(([, v]) => v !== ''));
    return Object.keys(present).length ? this.box.encrypt(JSON.stringify(present)) : null;
  }

  /** Throws when the value was sealed with another SECRETS_KEY. */
  open(stored: string | null): SecretMap {
    return stored ? (JSON.parse(this.box.decrypt(stored)) as SecretMap) : {};
  }

  /** Every read shows `••••abcd` (or `••••` for short or unreadable secrets), null when there is none. */
  masked(stored: string | null, key: string): string | null {
    if (!stored) return null;
    try {
      return maskSecret(this.open(stored)[key]);
    } catch {
      return SECRET_MASK;
    }
  }
}

