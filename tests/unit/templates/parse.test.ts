/**
 * Every generated script is valid JavaScript for Newman's sandbox: it parses, has no `await`,
 * no unrendered template left, and reads only what exists.
 */
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { ALL_ENDPOINTS } from '../../../src/anaf';
import { generate, type PostmanCollection } from '../../../src/generate';
import { first } from '../../helpers/checked';
import { scriptsOf } from './helpers';

const ROOT = path.resolve(__dirname, '..', '..', '..');

const VARIANTS: [string, PostmanCollection][] = [
  ...generate().collections.map((c) => [`basic/${c.lang}`, c.collection] as [string, PostmanCollection]),
  ...generate({ clientAuth: 'body' }).collections.map(
    (c) => [`body/${c.lang}`, c.collection] as [string, PostmanCollection],
  ),
  ...['anaf.postman_collection.json', 'anaf.ro.postman_collection.json'].map(
    (file) =>
      [
        `committed ${file}`,
        JSON.parse(fs.readFileSync(path.join(ROOT, 'collections', file), 'utf8')) as PostmanCollection,
      ] as [string, PostmanCollection],
  ),
];

const ALL_SCRIPTS = VARIANTS.flatMap(([variant, collection]) =>
  [...scriptsOf(collection)].map(([name, source]) => [`${variant}: ${name}`, source] as const),
);

describe('generated scripts', () => {
  it('there is a collection pre-request script and a test script for every request but authorize', () => {
    for (const [, collection] of VARIANTS) {
      const scripts = scriptsOf(collection);
      expect(scripts.has('collection/prerequest')).toBe(true);
      const requests = collection.item.flatMap((f) => f.item.map((i) => `${f.name}/${i.name}`));
      const withoutTest = requests.filter((r) => !scripts.has(`${r}/test`));
      expect(withoutTest).toEqual(['OAuth 2.0/Authorize (browser step)']);
    }
  });

  it('every request with inputs to wait for has a pre-request script', () => {
    const [, collection] = first(VARIANTS);
    const scripts = scriptsOf(collection);
    const folderName = {
      oauth: 'OAuth 2.0',
      efactura: 'e-Factura',
      received: 'Received invoices',
      etransport: 'e-Transport',
    };
    for (const e of ALL_ENDPOINTS.filter((x) => x.requires?.length)) {
      expect(scripts.get(`${folderName[e.folder]}/${e.name}/prerequest`)).toContain(
        JSON.stringify(e.requires),
      );
    }
  });

  it.each(ALL_SCRIPTS)('%s parses as JavaScript', (name, source) => {
    expect(() => new vm.Script(source, { filename: name })).not.toThrow();
    // The same source as a function body, the way Postman's sandbox wraps it.
    expect(() => new Function('pm', 'console', 'require', source)).not.toThrow();
  });

  it.each(ALL_SCRIPTS)('%s uses callbacks only and has no template left over', (_name, source) => {
    expect(source).not.toMatch(/\bawait\b|\basync\b/);
    expect(source).not.toMatch(/\{\{|\}\}/);
    // `{{json t.missing}}` would render as null: every string must exist.
    expect(source).not.toMatch(/\bnull\s*\+|\+\s*null\b|pm\.test\(null/);
  });
});
