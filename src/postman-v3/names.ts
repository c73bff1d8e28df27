/**
 * File and folder names of a collection in Postman's format v3: a request file is named after the
 * request (`<name>.request.yaml`), a folder's directory after the folder, as Postman's migrator
 * writes them. Characters Postman's linter refuses in a name become `-`, and the real name is then
 * written inside the file; names equal but for case get a numbered suffix (the linter refuses
 * case-insensitive collisions: they clash on macOS and Windows).
 */

/** Characters `postman collection lint` refuses in a request stem or a folder name. */
// Control characters are exactly what this must find.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[<>:"/\\|?*\u0000-\u001f]/g;
/** Names Windows reserves, whatever the extension. */
const RESERVED = /^(?:con|prn|aux|nul|com\d|lpt\d)$/i;

/** A name as a file-safe stem: unsafe characters replaced, no trailing dot or space, never empty. */
export function safeStem(name: string): string {
  let stem = name.replace(UNSAFE, '-').replace(/[. ]+$/, '');
  if (stem === '' || RESERVED.test(stem)) stem = `${stem}-`;
  return stem;
}

/**
 * Stems for `names` in one folder, in order: each one's {@link safeStem}, with ` (2)`, ` (3)`… added
 * where a stem would collide, ignoring case, with an earlier one or with `taken`.
 */
export function uniqueStems(names: readonly string[], taken: readonly string[] = []): string[] {
  const used = new Set(taken.map((t) => t.toLowerCase()));
  return names.map((name) => {
    const base = safeStem(name);
    let stem = base;
    for (let n = 2; used.has(stem.toLowerCase()); n++) stem = `${base} (${n})`;
    used.add(stem.toLowerCase());
    return stem;
  });
}
