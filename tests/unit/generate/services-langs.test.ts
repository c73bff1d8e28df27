/** `services` picks the folders; `langs` gives one collection per language with the same requests. */
import { generate, type PostmanCollection } from '../../../src/generate';
import { first } from '../../helpers/checked';
import { requestsOf } from './expected';

function only(result: ReturnType<typeof generate>, lang: 'en' | 'ro' = 'en'): PostmanCollection {
  const found = result.collections.find((c) => c.lang === lang);
  if (!found) throw new Error(`no ${lang} collection`);
  return found.collection;
}

const hosts = (c: PostmanCollection) =>
  [...new Set(requestsOf(c).map((r) => r.item.request.url.host[0]))].sort();

describe('services', () => {
  it('both services by default: OAuth 2.0, e-Factura (with its received invoices) and e-Transport folders', () => {
    expect(only(generate()).item.map((f) => f.name)).toEqual([
      'OAuth 2.0',
      'e-Factura',
      'Received invoices',
      'e-Transport',
    ]);
  });

  it.each([
    ['efactura', ['OAuth 2.0', 'e-Factura', 'Received invoices'], '{{etransportBaseUrl}}'],
    [['efactura'], ['OAuth 2.0', 'e-Factura', 'Received invoices'], '{{etransportBaseUrl}}'],
    ['etransport', ['OAuth 2.0', 'e-Transport'], '{{efacturaBaseUrl}}'],
  ] as const)('services %j → folders %j, no request on %s', (services, folders, absentHost) => {
    const result = generate({ services: services as never });
    for (const { collection } of result.collections) {
      expect(collection.item.map((f) => f.name)).toEqual(folders);
      expect(hosts(collection)).not.toContain(absentHost);
      // The OAuth folder is always complete.
      expect(first(collection.item).item.map((i) => i.name)).toEqual([
        'Authorize (browser step)',
        'Exchange authorization code',
        'Refresh access token',
        'TestOauth hello',
      ]);
    }
  });

  it('--services efactura has no e-Transport request anywhere (not only no folder)', () => {
    const text = JSON.stringify(
      requestsOf(only(generate({ services: 'efactura' }))).map((r) => r.item.request),
    );
    expect(text).not.toMatch(/etransportBaseUrl|ETRANSP/);
  });

  it('order and case of the list do not matter', () => {
    const a = JSON.stringify(generate({ services: 'ETRANSPORT, efactura' }).collections);
    const b = JSON.stringify(generate().collections);
    expect(a).toBe(b);
  });

  it('a services subset gets its own collection id', () => {
    const ids = ['efactura', 'etransport', 'efactura,etransport'].map(
      (services) => only(generate({ services })).info._postman_id,
    );
    expect(new Set(ids).size).toBe(3);
  });
});

describe('languages', () => {
  const result = generate();
  const en = only(result, 'en');
  const ro = only(result, 'ro');

  it('one collection per language: en and ro by default, with their file names', () => {
    expect(result.collections.map((c) => [c.lang, c.fileName])).toEqual([
      ['en', 'anaf.postman_collection.json'],
      ['ro', 'anaf.ro.postman_collection.json'],
    ]);
    expect(generate({ langs: 'ro' }).collections.map((c) => c.lang)).toEqual(['ro']);
    expect(generate({ langs: ['en'] }).collections.map((c) => c.lang)).toEqual(['en']);
  });

  /** Everything but the human texts: ids, names, methods, URLs, auth, bodies, script ids. */
  function structure(c: PostmanCollection): unknown {
    return {
      auth: c.auth,
      event: c.event.map((e) => [e.listen, e.script.id]),
      item: c.item.map((f) => ({
        id: f.id,
        name: f.name,
        item: f.item.map((i) => ({
          id: i.id,
          name: i.name,
          event: (i.event ?? []).map((e) => [e.listen, e.script.id]),
          request: { ...i.request, description: undefined },
        })),
      })),
    };
  }

  it('ro has the same requests, names, ids, URLs, auth and bodies as en', () => {
    expect(structure(ro)).toEqual(structure(en));
    expect(requestsOf(ro).length).toBe(requestsOf(en).length);
  });

  it('the two languages are two collections (different collection ids)', () => {
    expect(ro.info._postman_id).not.toBe(en.info._postman_id);
  });

  function descriptions(c: PostmanCollection): [string, string][] {
    return [
      ['collection', c.info.description],
      ...c.item.map((f): [string, string] => [`folder ${f.name}`, f.description]),
      ...requestsOf(c).map((r): [string, string] => [
        `${r.folder}/${r.item.name}`,
        r.item.request.description,
      ]),
    ];
  }

  it('every collection, folder and request has a description in both languages', () => {
    for (const c of [en, ro]) {
      for (const [where, text] of descriptions(c)) {
        expect([where, typeof text === 'string' && text.trim().length > 20]).toEqual([where, true]);
      }
    }
  });

  it('ro descriptions are Romanian: translated, with diacritics (ă, ș, ț)', () => {
    const enTexts = new Map(descriptions(en));
    const roTexts = descriptions(ro);
    for (const [where, text] of roTexts) {
      expect([where, text === enTexts.get(where)]).toEqual([where, false]);
    }
    const all = roTexts.map(([, t]) => t).join('\n');
    for (const letter of ['ă', 'ț', 'ș']) expect(all).toContain(letter);
    expect(ro.info.name).not.toBe('');
  });

  it('ro uses comma-below ș/ț, never the cedilla look-alikes ş/ţ', () => {
    const all = JSON.stringify(ro);
    expect(all.match(/[şţŞŢ]/g) ?? []).toEqual([]);
  });

  it('en descriptions are not Romanian prose', () => {
    const requestTexts = requestsOf(en)
      .map((r) => r.item.request.description)
      .join('\n');
    // Romanian-only function words that would betray an untranslated English file.
    expect(requestTexts).not.toMatch(/(^|\s)(și|pentru|după|sau|este)(\s|$)/m);
  });
});

describe('collection name', () => {
  it.each([
    ['efactura', 'en', 'ANAF OAuth 2.0 — e-Factura'],
    ['etransport', 'ro', 'ANAF OAuth 2.0 — e-Transport'],
    ['efactura,etransport', 'en', 'ANAF OAuth 2.0 — e-Factura & e-Transport'],
    ['efactura,etransport', 'ro', 'ANAF OAuth 2.0 — e-Factura și e-Transport'],
  ])('names only the services it holds (%s, %s)', (services, langs, name) => {
    expect(first(generate({ services, langs }).collections).collection.info.name).toBe(name);
  });
});
