/**
 * The document converted by Postman's own converter (`openapi-to-postmanv2`) against the generated
 * collection: for every request of the collection, a converted request with the same method, URL
 * (on ANAF's prod hosts), query parameters (required ones enabled, optional ones disabled, literals
 * equal) and body kind; and no converted request the collection does not have.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stageBaseUrls } from '../../../src/anaf';
import type { PostmanCollection, PostmanRequestItem } from '../../../src/generate';
import { at, defined, entry } from '../../helpers/checked';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const converter = require('openapi-to-postmanv2') as {
  convert(
    input: { type: 'json'; data: unknown },
    options: object,
    done: (
      err: Error | null,
      res: { result: boolean; reason?: string; output: { data: Converted }[] },
    ) => void,
  ): void;
};

interface ConvertedRequest {
  method: string;
  url: {
    host: string[];
    path: string[];
    query?: { key: string; value: string; disabled?: boolean }[];
    variable?: { key: string; value: string }[];
  };
  body?: { mode: string; urlencoded?: { key: string }[]; formdata?: { key: string; type: string }[] };
}
interface Converted {
  item: ({ item: Converted['item'] } | { name: string; request: ConvertedRequest })[];
  variable: { key: string; value: string }[];
}

function convert(): Promise<Converted> {
  const data = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'openapi', 'anaf.openapi.json'), 'utf8'),
  ) as unknown;
  return new Promise((resolve, reject) =>
    converter.convert(
      { type: 'json', data },
      {
        folderStrategy: 'Tags',
        enableOptionalParameters: false,
        parametersResolution: 'Example',
        requestParametersResolution: 'Example',
      },
      (err, res) => {
        const [output] = res.output;
        if (err || !res.result || !output)
          reject(err ?? new Error(res.reason ?? 'the converter gave no output'));
        else resolve(output.data);
      },
    ),
  );
}

const collection = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'collections', 'anaf.postman_collection.json'), 'utf8'),
) as PostmanCollection;
const requests: PostmanRequestItem[] = collection.item.flatMap((f) => f.item);
const prod = stageBaseUrls('prod') as unknown as Record<string, string>;

/** A converted request with its host variable resolved and its path variables' values. */
interface Flat {
  name: string;
  method: string;
  base: string;
  path: string[];
  vars: Record<string, string>;
  request: ConvertedRequest;
}

let converted: Flat[];
beforeAll(async () => {
  const out = await convert();
  const variables = Object.fromEntries(out.variable.map((v) => [v.key, v.value]));
  const flat = (items: Converted['item']): Flat[] =>
    items.flatMap((i) => {
      if ('item' in i) return flat(i.item);
      const host = i.request.url.host.join('.');
      const base = host.replace(/^\{\{(.+)\}\}$/, (m, k: string) => variables[k] ?? m);
      const vars = Object.fromEntries((i.request.url.variable ?? []).map((v) => [v.key, v.value]));
      return [
        { name: i.name, method: i.request.method, base, path: i.request.url.path, vars, request: i.request },
      ];
    });
  converted = flat(out.item);
}, 120_000);

/** The properties of the token request's form in the document. */
function tokenFormFields(): Record<string, unknown> {
  const doc = JSON.parse(fs.readFileSync(path.join(ROOT, 'openapi', 'anaf.openapi.json'), 'utf8')) as {
    paths: Record<
      string,
      { post: { requestBody: { content: Record<string, { schema: { properties: object } }> } } }
    >;
  };
  const content = entry(doc.paths, '/token').post.requestBody.content;
  return entry(content, 'application/x-www-form-urlencoded').schema.properties as Record<string, unknown>;
}

/** The converted request for a collection request: same method, base and path shape. */
function counterpart(item: PostmanRequestItem): Flat | undefined {
  const url = item.request.url;
  const host = /^\{\{(\w+)\}\}$/.exec(at(url.host, 0))?.[1];
  const base = entry(prod, defined(host, `a {{variable}} host in ${url.host.join('.')}`));
  return converted.find(
    (c) =>
      c.method === item.request.method &&
      c.base === base &&
      c.path.length === url.path.length &&
      url.path.every((seg, i) => {
        const other = at(c.path, i); // same length, checked above
        const variable = /^:(\w+)$/.exec(other)?.[1];
        if (/^\{\{\w+\}\}$/.test(seg)) return variable !== undefined;
        return variable ? c.vars[variable] === seg : other === seg;
      }),
  );
}

describe.each(requests.map((r) => [r.name, r] as const))('%s', (_name, item) => {
  it('has a converted request with the same method and URL', () => {
    expect(counterpart(item)).toBeDefined();
  });

  it('has the same query parameters: required enabled, optional disabled, literals equal', () => {
    const c = defined(counterpart(item), `a converted request for ${item.name}`);
    const ours = item.request.url.query ?? [];
    const theirs = c.request.url.query ?? [];
    expect(theirs.map((q) => q.key)).toEqual(ours.map((q) => q.key));
    ours.forEach((q, i) => {
      const their = at(theirs, i); // same keys, checked above
      // The received folder always sends its filter (P by default): optional for ANAF, chosen there.
      const chosen = item.name === 'List received messages (every page)' && q.key === 'filtru';
      expect({ key: q.key, disabled: Boolean(their.disabled) }).toEqual({
        key: q.key,
        disabled: chosen ? true : Boolean(q.disabled),
      });
      if (q.value !== '' && !/\{\{/.test(q.value))
        expect({ key: q.key, value: their.value }).toEqual({ key: q.key, value: q.value });
    });
  });

  it('has the same kind of body', () => {
    const c = defined(counterpart(item), `a converted request for ${item.name}`);
    const ours = item.request.body;
    expect(c.request.body?.mode).toBe(ours?.mode);
    if (ours?.mode === 'formdata') {
      expect(c.request.body?.formdata?.map((f) => [f.key, f.type])).toEqual(
        ours.formdata.map((f) => [f.key, f.type]),
      );
    }
    if (ours?.mode === 'urlencoded') {
      // The converter builds one body per operation, from its first example (the exchange); the
      // refresh, on the same operation, is held to the fields the document's schema gives.
      const first = requests.find((r) => counterpart(r) === c) === item;
      const keys = first
        ? (c.request.body?.urlencoded?.map((f) => f.key) ?? [])
        : Object.keys(tokenFormFields());
      for (const f of ours.urlencoded) expect(keys).toContain(f.key);
    }
  });
});

it('the converter makes no request the collection does not have', () => {
  const matched = new Set(requests.map(counterpart));
  expect(
    converted.filter((c) => !matched.has(c)).map((c) => `${c.method} ${c.base}/${c.path.join('/')}`),
  ).toEqual([]);
});
