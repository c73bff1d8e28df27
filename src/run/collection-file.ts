/** Loading the collection a run uses. */
import fs from 'node:fs';
import { AnafPostmanError, optionError } from '../errors';
import { packagePath } from '../paths';
import { parseJsonText } from '../store/json-text';

/** The committed English collection, the default of `run`. */
export function defaultCollectionPath(): string {
  return packagePath('collections', 'anaf.postman_collection.json');
}

interface ItemLike {
  name?: string;
  item?: ItemLike[];
}

/**
 * Names of every folder and request, for checking `--folder`; an entry that is not an object
 * (`"item": [null]`) is refused here, before Newman would crash on it after sending requests.
 */
function itemNames(file: string, items: unknown[] = [], names = new Set<string>()): Set<string> {
  items.forEach((entry, i) => {
    const item = entry as ItemLike;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw new AnafPostmanError('BAD_FILE', `${file}: item #${i + 1} is not a Postman item (an object)`, {
        file,
      });
    }
    if (typeof item.name === 'string' && item.name) names.add(item.name);
    if (item.item !== undefined && !Array.isArray(item.item)) {
      throw new AnafPostmanError(
        'BAD_FILE',
        `${file}: the "item" of ${item.name ?? `#${i + 1}`} is not a list`,
        {
          file,
        },
      );
    }
    if (Array.isArray(item.item)) itemNames(file, item.item, names);
  });
  return names;
}

/**
 * Reads a collection file and checks that every `folders` entry names a folder or request in it.
 * @throws AnafPostmanError `BAD_FILE` or `USAGE`.
 */
export function loadCollection(file: string, folders: string[] = []): Record<string, unknown> {
  let data: unknown;
  try {
    data = parseJsonText(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code
          ? `cannot read (${code})`
          : `malformed JSON (${(err as Error).message})`;
    throw new AnafPostmanError('BAD_FILE', `${file}: ${why}`, { file });
  }
  const obj = data as { info?: unknown; item?: ItemLike[] };
  if (typeof obj !== 'object' || obj === null || !obj.info || !Array.isArray(obj.item)) {
    throw new AnafPostmanError('BAD_FILE', `${file}: not a Postman collection (no "info" and "item")`, {
      file,
    });
  }
  const names = itemNames(file, obj.item);
  for (const folder of folders) {
    if (!names.has(folder)) {
      throw optionError('USAGE', 'folders', `"${folder}" is not a folder or request of ${file}`);
    }
  }
  return obj as Record<string, unknown>;
}
