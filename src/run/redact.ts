/** Removing secret values from anything a person or a report file will see. */
import { SECRET_VARS, Var } from '../anaf';

/** The text that replaces a secret. */
export const REDACTED = '[REDACTED]';

/**
 * Remembers secret values (tokens, codes, the client secret, Basic credentials) and replaces
 * them, and their URL-encoded forms, wherever they appear.
 */
export class Redactor {
  private readonly secrets = new Set<string>();
  private pattern: RegExp | undefined;

  /** Adds a value to hide; very short values are ignored so they cannot blank out ordinary text. */
  add(value: string | undefined | null): void {
    if (!value || value.length < 4 || this.secrets.has(value)) return;
    this.secrets.add(value);
    const encoded = encodeURIComponent(value);
    if (encoded !== value) this.secrets.add(encoded);
    this.pattern = undefined;
  }

  /** Adds the secret variables of `vars` and the Basic credentials they make. */
  addVariables(vars: Record<string, string>): void {
    for (const key of SECRET_VARS) this.add(vars[key]);
    if (vars[Var.clientSecret]) {
      this.add(Buffer.from(`${vars[Var.clientId] ?? ''}:${vars[Var.clientSecret]}`).toString('base64'));
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
