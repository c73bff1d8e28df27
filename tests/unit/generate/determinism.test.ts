/** Same options, same bytes; and the committed files are what the generator produces today. */
import fs from 'node:fs';
import path from 'node:path';
import { generate, generatedFiles, type GenerateOptions } from '../../../src/generate';
import { first } from '../../helpers/checked';
import { requestsOf } from './expected';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const OPTIONS: GenerateOptions[] = [
  {},
  { clientAuth: 'body' },
  { services: 'efactura', langs: 'ro', clientId: 'abc', redirectUri: 'https://localhost:9443/cb' },
];

describe('determinism', () => {
  it.each(OPTIONS.map((o) => [JSON.stringify(o), o] as const))(
    'two generations with %s are byte-identical',
    (_label, options) => {
      const a = generatedFiles(generate(options));
      const b = generatedFiles(generate(options));
      expect(a.length).toBeGreaterThan(0);
      expect(b).toEqual(a);
    },
  );

  it('the default generation writes the 5 files', () => {
    expect(generatedFiles(generate()).map((f) => f.relativePath)).toEqual([
      'collections/anaf.postman_collection.json',
      'collections/anaf.ro.postman_collection.json',
      'environments/anaf-prod.postman_environment.json',
      'environments/anaf-test.postman_environment.json',
      'environments/anaf-mock.postman_environment.json',
    ]);
  });

  it('file texts are 2-space JSON with one final newline', () => {
    for (const f of generatedFiles(generate())) {
      expect(f.text.endsWith('}\n')).toBe(true);
      expect(f.text.endsWith('\n\n')).toBe(false);
      expect(`${JSON.stringify(JSON.parse(f.text), null, 2)}\n`).toBe(f.text);
    }
  });

  it('ids are UUIDs, unique within a collection, and stable across option changes', () => {
    const ids = (options: GenerateOptions) => {
      const { collection } = first(generate(options).collections);
      return [
        ...collection.item.map((f) => f.id),
        ...requestsOf(collection).map((r) => r.item.id),
        ...collection.event.map((e) => e.script.id),
        ...requestsOf(collection).flatMap((r) => (r.item.event ?? []).map((e) => e.script.id)),
      ];
    };
    const all = ids({});
    for (const id of all) expect(id).toMatch(UUID);
    expect(new Set(all).size).toBe(all.length);
    // The client authentication changes bodies, not identities.
    expect(ids({ clientAuth: 'body' })).toEqual(all);
  });

  it('nothing time- or machine-dependent: no timestamp, no absolute path of this checkout', () => {
    for (const f of generatedFiles(generate())) {
      expect([f.relativePath, f.text.includes(ROOT)]).toEqual([f.relativePath, false]);
      expect([f.relativePath, /20\d\d-\d\d-\d\dT\d\d:\d\d/.test(f.text)]).toEqual([f.relativePath, false]);
    }
  });
});

describe('committed files', () => {
  it.each(generatedFiles(generate()).map((f) => [f.relativePath, f.text] as const))(
    '%s equals a fresh generation (run `anaf-postman generate` when this fails)',
    (relativePath, text) => {
      const file = path.join(ROOT, relativePath);
      expect(fs.existsSync(file)).toBe(true);
      expect(fs.readFileSync(file, 'utf8')).toBe(text);
    },
  );
});
