/**
 * Helpers of the script tests: load the committed collection and prod environment, run Newman
 * in-process, and read what a run did (failures, console lines, final variables, sent requests).
 */
import fs from 'node:fs';
import path from 'node:path';
import newman, { type NewmanRunSummary } from 'newman';
import type { PostmanCollection, PostmanEnvironment } from '../../../src/generate';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const OAUTH = 'https://logincert.anaf.ro';
export const API = 'https://api.anaf.ro';
export const TOKEN_PATH = '/anaf-oauth2/v1/token';
export const HELLO_PATH = '/TestOauth/jaxrs/hello';
export const CLIENT = { id: 'test-client-id', secret: 'test-client-secret' };

function readJson<T>(relative: string): T {
  return JSON.parse(fs.readFileSync(path.join(ROOT, relative), 'utf8')) as T;
}

/** The committed English collection (a fresh copy each time). */
export function committedCollection(): PostmanCollection {
  return readJson<PostmanCollection>('collections/anaf.postman_collection.json');
}

/** A committed environment with `values` filled in (keys must exist, so a typo fails loudly). */
export function environment(
  values: Record<string, string>,
  file = 'environments/anaf-prod.postman_environment.json',
): PostmanEnvironment {
  const env = readJson<PostmanEnvironment>(file);
  for (const [key, value] of Object.entries(values)) {
    const entry = env.values.find((v) => v.key === key);
    if (!entry) throw new Error(`no variable ${key} in ${file}`);
    entry.value = value;
  }
  return env;
}

/** A document of the user's own (no demo marker), as a real company's upload would send. */
export const OWN_DOCUMENTS = {
  efacturaDocument: '<?xml version="1.0"?><Invoice><ID>F-2026-0815</ID></Invoice>',
  etransportDocument: '<?xml version="1.0"?><eTransport refDeclarant="T-2026-0815"/>',
};

/**
 * The prod environment with test client credentials and `values`. Filing is allowed for its cif and
 * the uploads carry documents of the user's own, so upload answers can be judged (the filing guard
 * has its own tests).
 */
export function prodEnvironment(values: Record<string, string> = {}): PostmanEnvironment {
  return environment({
    clientId: CLIENT.id,
    clientSecret: CLIENT.secret,
    cif: '12345674',
    allowFilingForCif: '12345674',
    ...OWN_DOCUMENTS,
    ...values,
  });
}

/** Id of the request `name` in folder `folder` (names repeat across folders, ids do not). */
export function requestId(collection: PostmanCollection, folder: string, name: string): string {
  const found = collection.item.find((f) => f.name === folder)?.item.find((i) => i.name === name);
  if (!found) throw new Error(`no request ${folder} / ${name}`);
  return found.id;
}

/** One failed assertion or error of a run. */
export interface Failure {
  /** The test's name, or the error's name when no test failed. */
  name: string;
  message: string;
  /** Request whose script or call failed. */
  item?: string;
}

/** What a run did. */
export interface RunResult {
  summary: NewmanRunSummary;
  failures: Failure[];
  /** Final environment values by key. */
  env: Record<string, string>;
  /** Console lines of the scripts: `level: text`. */
  console: string[];
  /** Every request sent (the scripts' own too), as `METHOD url`, in order. */
  sent: string[];
  /** Names of requests whose tests ran and all passed. */
  assertions: { item: string; name: string; passed: boolean }[];
}

/** Runs Newman in-process and collects the run's outcome. */
export function runNewman(options: {
  collection: PostmanCollection;
  environment: PostmanEnvironment;
  folder?: string | string[];
  timeoutRequest?: number;
}): Promise<RunResult> {
  const consoleLines: string[] = [];
  const sent: string[] = [];
  const assertions: RunResult['assertions'] = [];
  return new Promise((resolve, reject) => {
    newman
      .run(
        {
          collection: options.collection as unknown as newman.NewmanRunOptions['collection'],
          environment: options.environment as unknown as newman.NewmanRunOptions['environment'],
          folder: options.folder as string | undefined,
          reporters: [],
          timeoutRequest: options.timeoutRequest ?? 5000,
        },
        (err, summary) => {
          if (err) {
            reject(err);
            return;
          }
          // A deprecated sandbox API works today and breaks in a later Postman: treat it as a bug.
          const deprecated = consoleLines.find((l) => /deprecated/i.test(l));
          if (deprecated) {
            reject(new Error(`a script used a deprecated sandbox API: ${deprecated}`));
            return;
          }
          const env: Record<string, string> = {};
          // At run time `values` is the SDK's VariableList, not the plain array @types/newman declares.
          const values = (
            summary.environment as unknown as { values: { all(): { key: string; value: unknown }[] } }
          ).values;
          for (const v of values.all()) env[v.key] = String(v.value ?? '');
          resolve({
            summary,
            failures: summary.run.failures.map((f) => {
              const error = f.error as { name: string; message: string; test?: string };
              return { name: error.test ?? error.name, message: error.message, item: f.source?.name };
            }),
            env,
            console: consoleLines,
            sent,
            assertions,
          });
        },
      )
      .on('console', (_err, args: { level: string; messages: unknown[] }) => {
        consoleLines.push(`${args.level}: ${args.messages.map(String).join(' ')}`);
      })
      .on('request', (_err, args: { request: { method: string; url: { toString(): string } } }) => {
        sent.push(`${args.request.method} ${args.request.url.toString()}`);
      })
      .on('assertion', (err, args: { assertion: string; item: { name: string } }) => {
        assertions.push({ item: args.item.name, name: args.assertion, passed: !err });
      });
  });
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** An unsigned-looking JWT with the chosen `exp` (seconds): scripts only decode, never verify. */
export function jwt(expSeconds: number, subject = 'test'): string {
  const header = b64url({ alg: 'RS512', typ: 'JWT' });
  const claims = b64url({ sub: subject, exp: Math.floor(expSeconds), iat: Math.floor(Date.now() / 1000) });
  return `${header}.${claims}.c2lnbmF0dXJl`;
}

/** Now, in seconds. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** `Basic base64(id:secret)` for the test client. */
export function basicHeader(id = CLIENT.id, secret = CLIENT.secret): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

/** The exact refresh form the pre-request script sends. */
export function refreshForm(
  refreshToken: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    token_content_type: 'jwt',
    ...extra,
  };
}
