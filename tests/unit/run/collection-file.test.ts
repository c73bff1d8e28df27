/** `--folder` as a run reads it (issue #27): by name, by id, or as the output prints it; never a guess. */
import fs from 'node:fs';
import path from 'node:path';
import { defaultCollection, resolveFolders } from '../../../src/run/collection-file';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const COLLECTION = path.join(ROOT, 'collections', 'anaf.postman_collection.json');
const collection = JSON.parse(fs.readFileSync(COLLECTION, 'utf8')) as {
  item: { name: string; item: { id: string; name: string }[] }[];
};
const idOf = (folder: string, name: string) =>
  collection.item.find((f) => f.name === folder)?.item.find((i) => i.name === name)?.id;

describe('resolveFolders', () => {
  it('passes a unique name on as it is, and reads the printed "Folder / request" as that request', () => {
    expect(resolveFolders(collection, ['e-Factura', 'TestOauth hello'])).toEqual([
      'e-Factura',
      'TestOauth hello',
    ]);
    // A unique request by its path becomes its name (so naming the refresh request still sets forceRefresh).
    expect(resolveFolders(collection, ['OAuth 2.0 / Refresh access token'])).toEqual([
      'Refresh access token',
    ]);
    // A shared name by its path becomes the item's id: Newman would take the first of the name.
    const id = idOf('e-Transport', 'upload');
    expect(id).toBeDefined();
    expect(resolveFolders(collection, ['e-Transport / upload'])).toEqual([id]);
    expect(resolveFolders(collection, [id ?? ''])).toEqual([id]);
  });

  it('refuses a name two requests share, listing both', () => {
    expect(() => resolveFolders(collection, ['upload'], 'c.json')).toThrow(
      '"upload" names 2 items of c.json: "e-Factura / upload", "e-Transport / upload"; give one of them',
    );
  });

  it('refuses an unknown name with what it may have meant, else the folders', () => {
    expect(() => resolveFolders(collection, ['e-factur'], 'c.json')).toThrow(/did you mean "e-Factura"/);
    expect(() => resolveFolders(collection, ['zzz'], 'c.json')).toThrow(
      /its folders: "OAuth 2\.0", "e-Factura", "Received invoices", "e-Transport"; a request as "Folder \/ request"/,
    );
  });
});

describe('defaultCollection', () => {
  it("is this folder's collections/anaf.postman_collection.json when there is one, else the package's", () => {
    expect(defaultCollection(ROOT)).toEqual({ path: COLLECTION, source: 'here' });
    const elsewhere = defaultCollection(path.join(ROOT, 'docs'));
    expect(elsewhere).toEqual({ path: COLLECTION, source: 'package' });
  });
});
