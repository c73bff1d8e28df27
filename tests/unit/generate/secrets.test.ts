/** No secret (nor any user value) in a collection; no token-looking string in any committed file. */
import fs from 'node:fs';
import path from 'node:path';
import { MOCK_DEMO_CLIENT } from '../../../src/anaf';
import { generate, generatedFiles } from '../../../src/generate';
import { SECRET_VARS } from './expected';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Which of `needles` occur in `haystack`. */
function occurring(haystack: string, needles: string[]): string[] {
  return needles.filter((n) => n.length > 0 && haystack.includes(n));
}

/** A JWT-looking string: base64url of `{"…` followed by more segments. */
const JWT_LIKE = /eyJ[A-Za-z0-9_-]{8,}/g;

function committedFiles(): { file: string; text: string }[] {
  return ['collections', 'environments'].flatMap((dir) =>
    fs
      .readdirSync(path.join(ROOT, dir))
      .filter((f) => f.endsWith('.json'))
      .map((f) => ({ file: `${dir}/${f}`, text: fs.readFileSync(path.join(ROOT, dir, f), 'utf8') })),
  );
}

describe('secrets never reach a collection', () => {
  const clientId = 'client-id-7f3e-only-in-environments';
  const redirectUri = 'https://localhost:8443/only-in-environments/callback';
  const results = [
    generate({ clientId, redirectUri }),
    generate({ clientId, redirectUri, clientAuth: 'body' }),
    generate({ clientId, redirectUri, services: 'efactura', langs: 'ro' }),
  ];

  it('the check itself finds a value that is there', () => {
    expect(occurring('{"x":"a-secret-value"}', ['a-secret-value', 'absent'])).toEqual(['a-secret-value']);
  });

  it.each(results.map((r, i) => [i, r] as const))(
    'generation %i: no secret-typed environment value appears in any collection',
    (_i, result) => {
      const secrets = [
        ...result.environments.flatMap((e) =>
          e.environment.values
            .filter((v) => v.type === 'secret' || SECRET_VARS.includes(v.key))
            .map((v) => v.value),
        ),
        MOCK_DEMO_CLIENT.clientSecret,
      ].filter((v) => v !== '');
      // The mock's demo secret is the one non-empty secret: the check must have something to look for.
      expect(secrets).toContain(MOCK_DEMO_CLIENT.clientSecret);
      for (const { fileName, collection } of result.collections) {
        expect([fileName, occurring(JSON.stringify(collection), secrets)]).toEqual([fileName, []]);
      }
    },
  );

  it.each(results.map((r, i) => [i, r] as const))(
    'generation %i: the collections hold variable references, not the client id or redirect URI',
    (_i, result) => {
      for (const { fileName, collection } of result.collections) {
        expect([fileName, occurring(JSON.stringify(collection), [clientId, redirectUri])]).toEqual([
          fileName,
          [],
        ]);
      }
      // ... which did land in the environments.
      const prod = result.environments.find((e) => e.stage === 'prod')?.environment;
      expect(JSON.stringify(prod)).toContain(clientId);
    },
  );

  it('a collection defines no collection variables that could carry a secret', () => {
    for (const { collection } of generate().collections) {
      const vars = (collection as unknown as { variable?: { key: string }[] }).variable ?? [];
      expect(vars.filter((v) => SECRET_VARS.includes(v.key))).toEqual([]);
    }
  });

  it('the generated file texts hold no JWT-looking string', () => {
    for (const f of generatedFiles(generate({ clientId, redirectUri }))) {
      expect([f.relativePath, f.text.match(JWT_LIKE) ?? []]).toEqual([f.relativePath, []]);
    }
  });
});

describe('committed files', () => {
  const files = committedFiles();

  it('are the 2 collections and 3 environments', () => {
    expect(files.map((f) => f.file).sort()).toEqual([
      'collections/anaf.postman_collection.json',
      'collections/anaf.ro.postman_collection.json',
      'environments/anaf-mock.postman_environment.json',
      'environments/anaf-prod.postman_environment.json',
      'environments/anaf-test.postman_environment.json',
    ]);
  });

  it('hold no JWT-looking string (eyJ…)', () => {
    for (const f of files) expect([f.file, f.text.match(JWT_LIKE) ?? []]).toEqual([f.file, []]);
  });

  it('the collections hold no value of a secret-typed environment variable', () => {
    const secrets = files
      .filter((f) => f.file.startsWith('environments/'))
      .flatMap((f) => (JSON.parse(f.text) as { values: { type: string; value: string }[] }).values)
      .filter((v) => v.type === 'secret' && v.value !== '')
      .map((v) => v.value);
    expect(secrets).toContain(MOCK_DEMO_CLIENT.clientSecret);
    for (const f of files.filter((x) => x.file.startsWith('collections/'))) {
      expect([f.file, occurring(f.text, secrets)]).toEqual([f.file, []]);
    }
  });

  it('the prod and test environments hold no secret value at all', () => {
    for (const f of files.filter((x) => /anaf-(prod|test)\./.test(x.file))) {
      const filled = (JSON.parse(f.text) as { values: { key: string; type: string; value: string }[] }).values
        .filter((v) => (v.type === 'secret' || SECRET_VARS.includes(v.key)) && v.value !== '')
        .map((v) => v.key);
      expect([f.file, filled]).toEqual([f.file, []]);
    }
  });
});
