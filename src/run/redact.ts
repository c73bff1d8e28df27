/** Removing secret values from anything a person or a report file will see. */
import { SECRET_VARS, Var } from '../anaf';
import { SpellingMatcher } from '../redaction/matcher';
import { basicCredentials, credentialForms, MIN_SECRET_LENGTH, secretForms } from '../redaction/secret-forms';

/** The text that replaces a secret. */
export const REDACTED = '[REDACTED]';

/**
 * Remembers secret values (tokens, codes, the client secret, Basic credentials) and replaces
 * them wherever they appear, in every spelling they can take on the way: URL and form encoding
 * (once or twice), JSON and HTML escaping, base64 and hex, upper case, UTF-8 read as Latin-1
 * (see `secretForms`), ignoring case. The spellings are worked out once per value, the matcher
 * once per change.
 */
export class Redactor {
  private readonly values = new Set<string>();
  private readonly secrets = new Set<string>();
  private matcher: SpellingMatcher | undefined;

  /** Adds a value to hide; very short values are ignored so they cannot blank out ordinary text. */
  add(value: string | undefined | null): void {
    if (!value || value.length < MIN_SECRET_LENGTH || this.values.has(value)) return;
    this.values.add(value);
    this.addForms(secretForms(value));
  }

  /** Adds the secret variables of `vars` and the Basic credentials they make. */
  addVariables(vars: Record<string, string>): void {
    for (const key of SECRET_VARS) this.add(vars[key]);
    const secret = vars[Var.clientSecret];
    if (secret) {
      // Base64 already: only the ways a URL, JSON or HTML spells it, not base64 of base64.
      for (const b of basicCredentials(vars[Var.clientId] ?? '', secret)) {
        if (this.values.has(b)) continue;
        this.values.add(b);
        this.addForms(credentialForms(b));
      }
    }
  }

  private addForms(forms: Iterable<string>): void {
    for (const form of forms) this.secrets.add(form);
    this.matcher = undefined;
  }

  /** `text` with every known secret replaced by {@link REDACTED}. */
  redact(text: string): string {
    if (this.secrets.size === 0) return text;
    this.matcher ??= new SpellingMatcher(this.secrets);
    return this.matcher.replace(text, REDACTED);
  }
}
