import { execFileSync } from 'node:child_process';
import path from 'node:path';
import Handlebars from 'handlebars';
import { freshBundle, loadBundle } from '../../../src/templates/bundle';
import { installHelpers, jsLiteral, type HandlebarsEnv } from '../../../src/templates/engine';
import { partialName, readTemplateSources, type TemplateSource } from '../../../src/templates/sources';
import { defined, entry } from '../../helpers/checked';

const ROOT = path.resolve(__dirname, '..', '..', '..');

function environment(sources: TemplateSource[], make: (t: TemplateSource, hb: HandlebarsEnv) => unknown) {
  const hb = installHelpers(Handlebars.create());
  const fns = new Map<string, (ctx: object) => string>();
  for (const t of sources) {
    const fn = make(t, hb) as (ctx: object) => string;
    fns.set(t.rel, fn);
    const partial = partialName(t.rel);
    if (partial) hb.registerPartial(partial, fn as never);
  }
  return fns;
}

describe('precompiled template bundle', () => {
  const sources = readTemplateSources();
  const bundle = loadBundle();

  it('exists after the build and covers every template', () => {
    expect(bundle).toBeDefined();
    expect(Object.keys(bundle as object).sort()).toEqual(sources.map((t) => t.rel));
  });

  it('renders exactly what compiling the sources renders', () => {
    const compiled = environment(sources, (t, hb) => hb.compile(t.source, { noEscape: true }));
    const precompiled = environment(sources, (t, hb) =>
      hb.template(entry(defined(bundle, 'the built template bundle'), t.rel).spec as never),
    );
    const context = {
      values: { clientId: 'CID', redirectUri: 'https://example.test/cb' },
      vars: { accessToken: 'accessToken' },
      t: { authorizeFirst: 'authorize first' },
      clientAuth: 'body',
      endpoint: { id: 'x', name: 'x', requires: ['uploadIndex'] },
    };
    for (const t of sources) {
      expect({ rel: t.rel, text: (precompiled.get(t.rel) as (c: object) => string)(context) }).toEqual({
        rel: t.rel,
        text: (compiled.get(t.rel) as (c: object) => string)(context),
      });
    }
  });

  it('is ignored as soon as one template differs from what it was built from', () => {
    const edited = sources.map((t, i) => (i === 0 ? { ...t, hash: 'edited' } : t));
    expect(freshBundle(sources, bundle)).toBe(bundle);
    expect(freshBundle(edited, bundle)).toBeUndefined();
    expect(freshBundle([...sources, { rel: 'new.md.hbs', source: '', hash: 'x' }], bundle)).toBeUndefined();
    expect(freshBundle(sources, undefined)).toBeUndefined();
  });

  it('keeps the Handlebars compiler out of a built generate', () => {
    const out = execFileSync(
      process.execPath,
      [
        '-e',
        "require('./dist/src/generate').generate(); console.log(Object.keys(require.cache).filter((k) => /handlebars[\\\\/]dist[\\\\/]cjs[\\\\/]handlebars[\\\\/]compiler/.test(k)).length)",
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(out.trim()).toBe('0');
  });
});

describe('jsLiteral', () => {
  it.each(['"', "'", '\\', '</script>', '{{x}}', '\u2028', '${a}'])(
    'keeps %j inside one string literal',
    (value) => {
      const literal = jsLiteral(`a${value}b`);
      expect(literal).not.toMatch(/<\/script/i);
      expect(new Function(`return ${literal};`)()).toBe(`a${value}b`);
    },
  );
});
