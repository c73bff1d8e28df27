/**
 * The project's Handlebars helpers, installed on an isolated environment. Scripts get values only
 * through the `json` helper, which yields a JavaScript string literal, so nothing rendered into a
 * script can break out of it.
 */
import type Handlebars from 'handlebars';

/** Languages the collection descriptions and the guide come in. */
export type Lang = 'en' | 'ro';

/** Accepted `--lang` values. */
export const LANGS: readonly Lang[] = ['en', 'ro'];

/** A Handlebars environment: the full compiler or the runtime alone (precompiled templates). */
export type HandlebarsEnv = typeof Handlebars;

/** A JSON literal that is also safe inside HTML `<script>` and any JS string context. */
export function jsLiteral(value: unknown): string {
  return JSON.stringify(value ?? null)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Installs the project's helpers on `hb` and returns it. */
export function installHelpers(hb: HandlebarsEnv): HandlebarsEnv {
  hb.registerHelper('json', (value: unknown) => new hb.SafeString(jsLiteral(value)));
  // `{{v "clientId"}}`: the reader's value when one is known (the guide), else Postman's `{{clientId}}`.
  hb.registerHelper('v', function (this: unknown, name: string, options: Handlebars.HelperOptions) {
    const values = (options.data?.root?.values ?? {}) as Record<string, string | undefined>;
    const known = values[name];
    return new hb.SafeString(known ? known : `{{${name}}}`);
  });
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  return hb;
}
