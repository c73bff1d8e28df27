/** Removing secret values from anything a person or a report file will see. */
import { SECRET_VARS, Var } from '../anaf';
import { basicCredentials, MIN_SECRET_LENGTH, secretForms } from '../tokens/secret-forms';

/** The text that replaces a secret. */
export const REDACTED = '[REDACTED]';

/**
 * Remembers secret values (tokens, codes, the client secret, Basic credentials) and replaces
 * them wherever they appear, in every encoding they can take on the way: URL and form encoding,
 * JSON escaping, HTML escaping (see `secretForms`).
 */
export class Redactor {
  private readonly values = new Set<string>();
  private readonly secrets = new Set<string>();
  private pattern: RegExp | undefined;

  /** Adds a value to hide; very short values are ignored so they cannot blank out ordinary text. */
  add(value: string | undefined | null): void {
    if (!value || value.length < MIN_SECRET_LENGTH || this.values.has(value)) return;
    this.values.add(value);
    for (const form of secretForms(value)) this.secrets.add(form);
    this.pattern = undefined;
  }

  /** Adds the secret variables of `vars` and the Basic credentials they make. */
  addVariables(vars: Record<string, string>): void {
    for (const key of SECRET_VARS) this.add(vars[key]);
    const secret = vars[Var.clientSecret];
    if (secret) {
      for (const b of basicCredentials(vars[Var.clientId] ?? '', secret)) this.add(b);
    }
  }

  /** `text` with every known secret replaced by {@link REDACTED}. */
  redact(text: string): string {
    if (this.secrets.size === 0) return text;
    if (!this.pattern) {
      const alternatives = [...this.secrets]
        .sort((a, b) => b.length - a.length)
        .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      this.pattern = new RegExp(alternatives.join('|'), 'g');
    }
    return text.replace(this.pattern, REDACTED);
  }
}
