/**
 * Every e-Factura and e-Transport request of the collection against ANAF's vendored OpenAPI
 * documents: the method and path of a documented operation, every required parameter present, no
 * parameter ANAF does not document, and the body kind the operation takes.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PostmanCollection, PostmanRequestItem } from '../../../src/generate';
import { at, first } from '../../helpers/checked';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const DIR = path.join(ROOT, 'tests', 'fixtures', 'anaf', 'openapi');

interface Param {
  name: string;
  in: 'query' | 'path';
  required?: boolean;
}
interface Operation {
  parameters?: Param[];
  requestBody?: { content: Record<string, { schema?: { required?: string[]; properties?: object } }> };
}
interface Documented {
  file: string;
  method: string;
  /** Path template below the service base (or the host, for the signature check). */
  template: string[];
  op: Operation;
}

/** Which documents describe the operations below each base variable. */
const SERVICE_OF: Record<string, 'efactura' | 'etransport' | 'host'> = {
  '{{efacturaBaseUrl}}': 'efactura',
  '{{efacturaToolsBaseUrl}}': 'efactura',
  '{{etransportBaseUrl}}': 'etransport',
  '{{apiBaseUrl}}': 'host',
};

const documented: Documented[] = fs.readdirSync(DIR).flatMap((file) => {
  const spec = JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as {
    paths: Record<string, Record<string, Operation>>;
  };
  return Object.entries(spec.paths).flatMap(([p, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      file,
      method: method.toUpperCase(),
      template: p.split('/').filter(Boolean),
      op,
    })),
  );
});

function serviceOf(d: Documented): 'efactura' | 'etransport' | 'host' {
  if (d.template[0] === 'api') return 'host';
  return d.file.startsWith('efactura') ? 'efactura' : 'etransport';
}

/** A template segment matches a literal, or `{param}` matches any one segment. */
function matches(template: string[], segments: string[]): Record<string, string> | undefined {
  if (template.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of template.entries()) {
    const segment = at(segments, i); // same length, checked above
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    if (name) params[name] = segment;
    else if (part !== segment) return undefined;
  }
  return params;
}

const collection = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'collections', 'anaf.postman_collection.json'), 'utf8'),
) as PostmanCollection;
const apiRequests: PostmanRequestItem[] = collection.item
  .filter((f) => f.name !== 'OAuth 2.0')
  .flatMap((f) => f.item);

describe.each(apiRequests.map((r) => [r.name, r] as const))('%s', (_name, item) => {
  const url = item.request.url;
  const service = SERVICE_OF[at(url.host, 0)];
  const candidates = documented.filter(
    (d) => serviceOf(d) === service && d.method === item.request.method && matches(d.template, url.path),
  );

  it('is one documented operation (method and path)', () => {
    expect(service).toBeDefined();
    expect(candidates).toHaveLength(1);
  });

  it('sends every required parameter and none ANAF does not document', () => {
    const d = first(candidates);
    const params = d.op.parameters ?? [];
    const query = (url.query ?? []).map((q) => ({ key: q.key, enabled: !q.disabled }));
    for (const p of params.filter((x) => x.in === 'query' && x.required)) {
      expect(query.filter((q) => q.enabled).map((q) => q.key)).toContain(p.name);
    }
    const documentedQuery = params.filter((x) => x.in === 'query').map((x) => x.name);
    for (const q of query) expect(documentedQuery).toContain(q.key);
    const pathParams = matches(d.template, url.path) ?? {};
    const required = params.filter((x) => x.in === 'path').map((x) => x.name);
    expect(Object.keys(pathParams).sort()).toEqual(required.sort());
    for (const value of Object.values(pathParams)) expect(value).not.toBe('');
  });

  it('sends the body kind the operation takes', () => {
    const body = first(candidates).op.requestBody;
    const sent = item.request.body;
    if (!body) {
      expect(sent).toBeUndefined();
      return;
    }
    const multipart = body.content['multipart/form-data'];
    if (multipart) {
      expect(sent?.mode).toBe('formdata');
      const keys = sent?.mode === 'formdata' ? sent.formdata.map((f) => f.key) : [];
      expect(keys.sort()).toEqual([...(multipart.schema?.required ?? [])].sort());
      return;
    }
    expect(sent?.mode).toBe('raw');
  });
});

it('the check can fail: an undocumented parameter or path is found', () => {
  const info = documented.find((d) => d.template[0] === 'info')!;
  expect(info.op.parameters?.map((p) => p.name)).not.toContain('cui');
  expect(documented.filter((d) => matches(d.template, ['validare']))).toEqual([]);
});
