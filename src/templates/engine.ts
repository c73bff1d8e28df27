/**
 * One isolated Handlebars instance for every text the tool emits. Scripts get values only
 * through the `json` helper, which yields a JavaScript string literal, so nothing rendered into a
 * script can break out of it.
 */
import Handlebars from 'handlebars';

/** Languages the collection descriptions and the guide come in. */
export type Lang = 'en' | 'ro';

/** Accepted `--lang` values. */
export const LANGS: readonly Lang[] = ['en', 'ro'];

/** A JSON literal that is also safe inside HTML `<script>` and any JS string context. */
export function jsLiteral(value: unknown): string {
  return JSON.stringify(value ?? null)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Creates a fresh Handlebars environment with the project's helpers. */
export function createEngine(): typeof Handlebars {
  const hb = Handlebars.create();
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
