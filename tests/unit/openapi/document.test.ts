/**
 * The OpenAPI document: written as generated (JSON and YAML say the same), deterministic, one
 * operation per collection request (exchange and refresh share one), every documented answer of
 * those operations as an example that validates against its own response schema.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { ALL_ENDPOINTS, ANAF_OPERATIONS } from '../../../src/anaf';
import { generate, generatedFiles } from '../../../src/generate';
import { buildOpenApi, openApiFiles, toYaml } from '../../../src/openapi';
import { exampleKey, mediaTypeOf } from '../../../src/openapi/responses';
import { at, entry } from '../../helpers/checked';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const doc = buildOpenApi({
  services: ['efactura', 'etransport'],
  redirectUri: 'https://oauth.pstmn.io/v1/callback',
});
type Op = { operationId: string; responses: Record<string, { content?: Record<string, MediaType> }> };
type MediaType = { schema: object; examples?: Record<string, { value: unknown; 'x-verdict': string }> };
const operations = Object.values(doc.paths).flatMap((item) =>
  ['get', 'post'].filter((m) => item[m]).map((m) => item[m] as Op),
);

describe('files', () => {
  it('the committed files are what the generator writes', () => {
    for (const f of openApiFiles(doc)) {
      expect(fs.readFileSync(path.join(ROOT, f.relativePath), 'utf8')).toBe(f.text);
    }
  });

  it('the YAML reads back as the JSON', () => {
    const files = openApiFiles(doc);
    const json = at(files, 0);
    const yaml = at(files, 1);
    expect(parse(yaml.text)).toEqual(JSON.parse(json.text));
  });

  it('is deterministic', () => {
    const again = buildOpenApi({
      services: ['efactura', 'etransport'],
      redirectUri: 'https://oauth.pstmn.io/v1/callback',
    });
    expect(JSON.stringify(again)).toBe(JSON.stringify(doc));
  });

  it('format selects the files: postman by default, openapi on request, bruno from its own generator', () => {
    const paths = (format?: string) => generatedFiles(generate({ format })).map((f) => f.relativePath);
    expect(paths().some((p) => p.startsWith('openapi/'))).toBe(false);
    expect(paths('openapi')).toEqual(['openapi/anaf.openapi.json', 'openapi/anaf.openapi.yaml']);
    expect(paths('postman,openapi')).toHaveLength(paths().length + 2);
    expect(() => generate({ format: 'bruno' })).toThrow(
      /^format: the Bruno collection comes from generateBruno\(\)/,
    );
    expect(() => generate({ format: 'swagger' })).toThrow(/^format: unknown value "swagger"/);
  });
});

describe('YAML writer', () => {
  it.each([
    ['reserved words and numbers stay strings', { a: 'true', b: 'no', c: '012', d: '1e3', e: '', f: '~' }],
    ['indicators and separators', { a: '- x', b: 'a: b', c: 'a #b', d: '{x}', e: '"q"', f: "it's", g: 'x:' }],
    [
      'multi-line text',
      { a: 'one\ntwo\n', b: 'one\n\ntwo', c: 'crlf\r\nline', d: ' lead\nx', e: 'trail \nx' },
    ],
    ['nesting and empties', { a: [], b: {}, c: [[1, 2], { d: [{}] }], e: null, f: false, g: -1.5 }],
    ['keys', { '/upload/{x}': 1, '200': 2, 'x-ro': 3, 'a b': 4 }],
  ])('%s', (_name, value) => {
    expect(parse(toYaml(value))).toEqual(value);
  });
});

describe('operations', () => {
  it('one per collection request, named by its id (exchange and refresh are one operation; the received folder calls e-Factura’s)', () => {
    const ids = ALL_ENDPOINTS.filter((e) => e.folder !== 'received')
      .map((e) => e.id)
      .filter((id) => id !== 'oauth.refresh');
    expect(operations.map((o) => o.operationId).sort()).toEqual([...ids].sort());
  });

  it('has servers for prod and test, and the unauthenticated host for the tools', () => {
    const urls = (p: string) => (entry(doc.paths, p).servers as { url: string }[]).map((s) => s.url);
    expect(urls('/upload')).toEqual([
      'https://api.anaf.ro/prod/FCTEL/rest',
      'https://api.anaf.ro/test/FCTEL/rest',
    ]);
    expect(urls('/validare/{standard}')).toContain('https://webservicesp.anaf.ro/prod/FCTEL/rest');
    expect(urls('/api/validate/signature')).toContain('https://webservicesp.anaf.ro');
    expect(urls('/info')).toEqual([
      'https://api.anaf.ro/prod/ETRANSPORT/ws/v1',
      'https://api.anaf.ro/test/ETRANSPORT/ws/v1',
    ]);
  });

  it('describes the OAuth 2.0 flow with ANAF’s URLs and token_content_type=jwt', () => {
    const schemes = doc.components.securitySchemes as Record<string, Record<string, unknown>>;
    const scheme = entry(schemes, 'anafOAuth2');
    expect(scheme.flows).toEqual({
      authorizationCode: {
        authorizationUrl: 'https://logincert.anaf.ro/anaf-oauth2/v1/authorize',
        tokenUrl: 'https://logincert.anaf.ro/anaf-oauth2/v1/token',
        refreshUrl: 'https://logincert.anaf.ro/anaf-oauth2/v1/token',
        scopes: {},
      },
    });
    expect(scheme['x-token-content-type']).toBe('jwt');
  });
});

describe('documented answers', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema({ $id: 'doc', components: doc.components }, 'doc');
  const resolve = (schema: object) =>
    JSON.parse(JSON.stringify(schema).replace(/"#\/components/g, '"doc#/components'));
  const inCollection = ANAF_OPERATIONS.filter((o) => ALL_ENDPOINTS.some((e) => e.id === o.id));

  it.each(inCollection.map((o) => [o.id, o] as const))(
    '%s: every answer is an example under its status',
    (id, o) => {
      const op = operations.find((x) => x.operationId === id)!;
      for (const a of o.answers) {
        const media = op.responses[String(a.status)]?.content?.[mediaTypeOf(a)];
        const example = media?.examples?.[exampleKey(a.name)];
        expect({ answer: a.name, verdict: example?.['x-verdict'] }).toEqual({
          answer: a.name,
          verdict: a.verdict,
        });
        const validate = ajv.compile(resolve(media!.schema));
        if (!validate(example!.value))
          throw new Error(`${id} “${a.name}”: ${ajv.errorsText(validate.errors)}`);
      }
    },
  );

  it('counts: every answer of the operations the collection calls', () => {
    const examples = operations.flatMap((o) =>
      Object.values(o.responses).flatMap((r) =>
        Object.values(r.content ?? {}).flatMap((m) =>
          Object.values(m.examples ?? {}).filter((e) => 'x-verdict' in e),
        ),
      ),
    );
    expect(examples).toHaveLength(inCollection.reduce((n, o) => n + o.answers.length, 0));
  });

  it('a 200 that is an error says so in its description', () => {
    const upload = operations.find((o) => o.operationId === 'efactura.upload')!;
    expect((upload.responses['200'] as { description: string }).description).toMatch(
      /errors although HTTP 200/,
    );
  });
});
