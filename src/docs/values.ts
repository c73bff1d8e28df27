/**
 * Which value each variable takes in the guide: the prod hosts, the reader's client id and callback,
 * the environment's fixed defaults (UBL, FACT1, 60 days, page 1), and for everything secret or
 * only known at run time a shell variable (`$ACCESS_TOKEN`, `$CIF`) the reader sets.
 */
import { environmentVariables, SECRET_VARS, Var, type VarName } from '../anaf';
import type { WordPart } from './shell';
import type { ResolvedDocsOptions } from './options';

/** Shell variable names that differ from the SCREAMING_SNAKE form of the Postman variable. */
const SHELL_NAMES: Partial<Record<VarName, string>> = {
  [Var.authorizationCode]: 'CODE',
};

/** The shell variable standing for a Postman variable (`uploadIndex` → `UPLOAD_INDEX`). */
export function shellVarName(name: string): string {
  return SHELL_NAMES[name as VarName] ?? name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

const REF = /\{\{(\w+)\}\}/g;

/** Resolves `{{name}}` references for the guide. */
export class GuideValues {
  /** Values known when the guide is written (the stage's environment + the reader's options). */
  readonly known: Record<string, string>;
  /** Shell variables handed out so far, in order of first use. */
  readonly used: string[] = [];

  constructor(options: ResolvedDocsOptions) {
    const env = environmentVariables(options.stage, {
      clientAuth: 'basic',
      clientId: options.clientId,
      redirectUri: options.redirectUri,
    });
    this.known = {};
    for (const v of env) {
      if (v.value !== '' && !SECRET_VARS.includes(v.key)) this.known[v.key] = v.value;
    }
    // The reader's own values win over a stage's defaults (the mock environment's demo client).
    this.known[Var.clientId] = options.clientId;
    this.known[Var.redirectUri] = options.redirectUri;
  }

  /**
   * Splits a template string (`Bearer {{accessToken}}`) into literal text and shell variables.
   * `encode` percent-encodes the known values substituted (for URLs); literal template text is
   * kept as it is.
   */
  parts(template: string, encode = false): WordPart[] {
    const parts: WordPart[] = [];
    let last = 0;
    for (const m of template.matchAll(REF)) {
      const ref = m[1];
      if (ref === undefined) continue; // not a reference: stays in the literal text
      parts.push({ text: template.slice(last, m.index) });
      const value = this.known[ref];
      if (value === undefined) {
        const name = shellVarName(ref);
        if (!this.used.includes(name)) this.used.push(name);
        parts.push({ shellVar: name });
      } else parts.push({ text: encode ? encodeURIComponent(value) : value });
      last = (m.index ?? 0) + m[0].length;
    }
    parts.push({ text: template.slice(last) });
    return parts.filter((p) => !('text' in p) || p.text !== '');
  }

  /** A template string with only the base URLs filled in: the URL as Postman shows it, on the stage. */
  withBases(template: string): string {
    const bases: string[] = [
      Var.oauthBaseUrl,
      Var.efacturaBaseUrl,
      Var.etransportBaseUrl,
      Var.efacturaToolsBaseUrl,
      Var.apiBaseUrl,
    ];
    return template.replace(REF, (all, name: string) =>
      bases.includes(name) ? (this.known[name] ?? all) : all,
    );
  }
}
