/** Loading the collection a run uses. */
import { AnafPostmanError, optionError } from '../errors';
import { packagePath } from '../paths';
import { InputFileError, MAX_COLLECTION_BYTES, readInputFile } from '../store/input-file';
import { JsonTextError, parseJsonText } from '../store/json-text';

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
 * The JSON of a collection file: a regular file of at most {@link MAX_COLLECTION_BYTES}, a leading
 * byte-order mark accepted. Errors give a position, never the content.
 */
function readCollectionJson(file: string): unknown {
  try {
    const text = readInputFile(file, MAX_COLLECTION_BYTES).toString('utf8');
    return parseJsonText(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (err) {
    const why =
      err instanceof InputFileError || err instanceof JsonTextError ? err.message : 'malformed JSON';
    throw new AnafPostmanError('BAD_FILE', `${file}: ${why}`, { file });
  }
}

/**
 * Reads a collection file and checks that every `folders` entry names a folder or request in it.
 * @throws AnafPostmanError `BAD_FILE` or `USAGE`.
 */
export function loadCollection(file: string, folders: string[] = []): Record<string, unknown> {
  const data = readCollectionJson(file);
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
