/** Loading the collection a run uses. */
import fs from 'node:fs';
import path from 'node:path';
import { AnafPostmanError, optionError } from '../errors';
import { packagePath } from '../paths';
import { InputFileError, MAX_COLLECTION_BYTES, readInputFile } from '../store/input-file';
import { JsonTextError, parseJsonText } from '../store/json-text';

/** Where `generate` writes the English collection, below its output folder. */
const COLLECTION_FILE = path.join('collections', 'anaf.postman_collection.json');

/** The collection `run` takes when none is given, and why that one. */
export interface DefaultCollection {
  path: string;
  /** `here`: the one `generate` wrote into the current folder; `package`: the one shipped with the package. */
  source: 'here' | 'package';
}

/**
 * The collection `run` takes when none is given: `collections/anaf.postman_collection.json` in
 * `cwd` when there is one (what `generate` just wrote there, with its options), else the
 * package's own (#27: a run after `generate` silently took the package's).
 */
export function defaultCollection(cwd = process.cwd()): DefaultCollection {
  const here = path.resolve(cwd, COLLECTION_FILE);
  if (fs.existsSync(here)) return { path: here, source: 'here' };
  return { path: packagePath(COLLECTION_FILE), source: 'package' };
}

/** The path of {@link defaultCollection}. */
export function defaultCollectionPath(): string {
  return defaultCollection().path;
}

interface ItemLike {
  id?: string;
  name?: string;
  item?: ItemLike[];
}

/** A folder or request of a collection: its name, its path as a run prints it, its id. */
interface Entry {
  name: string;
  /** `Folder / request`: the names of its folders and its own, as `run` names it in its output. */
  path: string;
  id?: string;
}

/**
 * Every folder and request, for `--folder`; an entry that is not an object (`"item": [null]`) is
 * refused here, before Newman would crash on it after sending requests.
 */
function itemEntries(
  file: string,
  items: unknown[] = [],
  parents: string[] = [],
  out: Entry[] = [],
): Entry[] {
  items.forEach((entry, i) => {
    const item = entry as ItemLike;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw new AnafPostmanError('BAD_FILE', `${file}: item #${i + 1} is not a Postman item (an object)`, {
        file,
      });
    }
    const named = typeof item.name === 'string' && item.name !== '';
    if (named) {
      const id = typeof item.id === 'string' && item.id !== '' ? item.id : undefined;
      out.push({ name: item.name!, path: [...parents, item.name!].join(' / '), ...(id ? { id } : {}) });
    }
    if (item.item !== undefined && !Array.isArray(item.item)) {
      throw new AnafPostmanError(
        'BAD_FILE',
        `${file}: the "item" of ${item.name ?? `#${i + 1}`} is not a list`,
        {
          file,
        },
      );
    }
    if (Array.isArray(item.item)) itemEntries(file, item.item, [...parents, item.name ?? '?'], out);
  });
  return out;
}

const quoted = (texts: string[]) => texts.map((t) => `"${t}"`).join(', ');

/** The refusal of a `--folder` value that names nothing, with the names it may have meant. */
function unknownFolder(folder: string, entries: Entry[], file: string) {
  const lower = folder.toLowerCase();
  const near = entries
    .filter((e) => e.path.toLowerCase().includes(lower) || lower.includes(e.name.toLowerCase()))
    .map((e) => e.path)
    // The closest first: a folder before its requests.
    .sort((a, b) => a.split(' / ').length - b.split(' / ').length || a.length - b.length)
    .slice(0, 3);
  const folders = entries.filter(
    (e) => !e.path.includes(' / ') && entries.some((c) => c.path.startsWith(`${e.path} / `)),
  );
  const hint = near.length
    ? `did you mean ${quoted(near)}?`
    : `its folders: ${quoted(folders.map((e) => e.name))}; a request as "Folder / request", the way run prints it`;
  return optionError('USAGE', 'folders', `"${folder}" is not a folder or request of ${file}; ${hint}`);
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
 * What Newman is to run for each `folders` entry: a folder or request by name, by id, or by the
 * path a run prints (`e-Transport / upload`). Newman itself takes the first item of a name, so a
 * name two items share is refused with both paths, and a path is passed on as the item's name when
 * that is unique, else as its id.
 * @throws AnafPostmanError `USAGE` naming the entry (and the choices), `BAD_FILE` for a malformed collection.
 */
export function resolveFolders(
  collection: unknown,
  folders: string[] = [],
  file = 'the collection',
): string[] {
  const entries = itemEntries(file, (collection as { item?: unknown[] })?.item ?? []);
  const count = (name: string) => entries.filter((e) => e.name === name).length;
  return folders.map((folder) => {
    const byPath = entries.filter((e) => e.path === folder);
    const matches = byPath.length ? byPath : entries.filter((e) => e.name === folder || e.id === folder);
    const [match, second] = matches;
    if (!match) throw unknownFolder(folder, entries, file);
    if (second) {
      throw optionError(
        'USAGE',
        'folders',
        `"${folder}" names ${matches.length} items of ${file}: ${quoted(matches.map((m) => m.path))}; give one of them`,
      );
    }
    if (count(match.name) === 1) return match.name;
    if (match.id) return match.id;
    throw optionError(
      'USAGE',
      'folders',
      `"${match.path}" shares its name with another item of ${file} and has no id to tell them apart; rename one`,
    );
  });
}

/**
 * Reads a collection file and checks that every `folders` entry names one folder or request in it
 * ({@link resolveFolders}).
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
  resolveFolders(obj, folders, file);
  return obj as Record<string, unknown>;
}
