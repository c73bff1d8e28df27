/** The translated strings the scripts use: en and ro in step, every referenced key present. */
import fs from 'node:fs';
import path from 'node:path';
import { entry } from '../../helpers/checked';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const read = (lang: string) =>
  JSON.parse(fs.readFileSync(path.join(ROOT, 'templates', 'i18n', `${lang}.json`), 'utf8')) as Record<
    string,
    string
  >;
const en = read('en');
const ro = read('ro');
const scriptsDir = path.join(ROOT, 'templates', 'scripts');
const templates = fs.readdirSync(scriptsDir).map((f) => fs.readFileSync(path.join(scriptsDir, f), 'utf8'));

describe('i18n strings of the scripts', () => {
  it('en and ro have the same keys, none empty', () => {
    expect(Object.keys(ro).sort()).toEqual(Object.keys(en).sort());
    for (const value of [...Object.values(en), ...Object.values(ro)]) expect(value.trim()).not.toBe('');
  });

  it('every key a script template uses exists', () => {
    const used = new Set(templates.flatMap((t) => [...t.matchAll(/\bt\.(\w+)/g)].map((m) => m[1])));
    expect(used.size).toBeGreaterThan(10);
    for (const key of used) expect(Object.keys(en)).toContain(key);
  });

  it('placeholders are kept in translation', () => {
    const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const [key, english] of Object.entries(en)) {
      expect([key, holes(entry(ro, key))]).toEqual([key, holes(english)]);
    }
  });

  it('Romanian is written with comma-below diacritics, never the cedilla forms', () => {
    const text = Object.values(ro).join('\n');
    expect(text).toMatch(/[ăâîșț]/);
    expect(text).not.toMatch(/[şţŞŢ]/);
  });

  it('the authorize-first test name starts as the issue names it', () => {
    expect(entry(en, 'authorizeFirst').startsWith('authorize first: ')).toBe(true);
  });
});
