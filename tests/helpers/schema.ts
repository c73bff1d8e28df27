/**
 * The official Postman Collection Format v2.1.0 JSON Schema (draft-07), compiled with ajv 8, for
 * tests that validate generated collections offline.
 *
 * The schema is published in parts: a root `collection.json` and one file per definition in
 * `collection/`, whose `$id` is `#/definitions/NAME`. Some parts hold `//` comment lines. The
 * loader drops those lines, puts each part (without its `$id`) under `root.definitions[NAME]`
 * and compiles the whole with `strict: false` (the schema uses keywords ajv's strict mode refuses).
 *
 * The schema is vendored in `tests/fixtures/postman-schema/` (Apache-2.0, see its README), so the
 * tests need nothing outside the repository.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';

/** Folder holding `collection.json` and `collection/*.json` of the v2.1.0 schema. */
export const POSTMAN_SCHEMA_DIR = path.join(
  __dirname,
  '..',
  'fixtures',
  'postman-schema',
  'collection-v2.1.0',
);

type JsonObject = Record<string, unknown>;

/** Parses a schema part, ignoring lines whose first non-blank characters are `//`. */
function readSchemaPart(file: string): JsonObject {
  const text = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('//'))
    .join('\n');
  try {
    return JSON.parse(text) as JsonObject;
  } catch (err) {
    throw new Error(`cannot parse Postman schema part ${file}: ${(err as Error).message}`);
  }
}

/** The assembled schema: the root with every part inlined under `definitions`. */
export function loadCollectionSchema(dir: string = POSTMAN_SCHEMA_DIR): JsonObject {
  const rootFile = path.join(dir, 'collection.json');
  if (!fs.existsSync(rootFile)) {
    throw new Error(`Postman collection schema not found at ${rootFile}`);
  }
  const root = readSchemaPart(rootFile);
  const definitions: Record<string, JsonObject> = {
    ...((root.definitions as Record<string, JsonObject>) ?? {}),
  };
  const partsDir = path.join(dir, 'collection');
  for (const file of fs.readdirSync(partsDir).sort()) {
    if (!file.endsWith('.json')) continue;
    const part = readSchemaPart(path.join(partsDir, file));
    const id = typeof part.$id === 'string' ? part.$id : '';
    const name = /^#\/definitions\/(.+)$/.exec(id)?.[1] ?? file.replace(/\.json$/, '');
    delete part.$id;
    definitions[name] = part;
  }
  root.definitions = definitions;
  return root;
}

let compiled: ValidateFunction | undefined;

/** The compiled validator (compiled once per test file). */
export function collectionValidator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ strict: false, allErrors: true });
    compiled = ajv.compile(loadCollectionSchema());
  }
  return compiled;
}

/** Readable lines for ajv errors: `instancePath: message`. */
export function formatSchemaErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? e.keyword}`);
}

/** Validates `collection` against the v2.1.0 schema; returns the errors (empty when valid). */
export function collectionSchemaErrors(collection: unknown): string[] {
  const validate = collectionValidator();
  return validate(collection) ? [] : formatSchemaErrors(validate.errors);
}
