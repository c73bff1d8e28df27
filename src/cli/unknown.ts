/**
 * One line for an unknown flag or command. yargs lists each unknown flag twice (`such-flag,
 * suchFlag`), suggests the nearest command for any word at all, and checks required flags before
 * unknown ones (`--env FILE` said "Missing required argument: environment"). We name what was
 * typed, first the unknown command, then the unknown flag, and suggest the right one only when
 * the typed word is a near miss of it.
 */

/** The flags the command being parsed declares (long names, short aliases) and which are yes/no. */
export interface KnownFlags {
  names: readonly string[];
  booleans: readonly string[];
}

/**
 * Edit distance (Damerau–Levenshtein, optimal string alignment) of two short words: a swap of two
 * neighbouring letters (`lgoin`) counts as one edit.
 */
export function distance(a: string, b: string): number {
  // `d[i][j]`: the distance from the first i characters of `a` to the first j characters of `b`.
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    const row = d[i]!;
    for (let j = 1; j <= b.length; j++) {
      const same = a.charAt(i - 1) === b.charAt(j - 1);
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (same ? 0 : 1));
      if (i > 1 && j > 1 && a.charAt(i - 1) === b.charAt(j - 2) && a.charAt(i - 2) === b.charAt(j - 1)) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      row[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** A typo: at most 1 edit, or 2 in a word of 6 letters and more. */
function nearMiss(word: string, target: string): boolean {
  return distance(word, target) <= (word.length >= 6 ? 2 : 1);
}

/**
 * The one of `names` that `word` nearly is: a typo of it, or the start of exactly one of them
 * (`gen` → `generate`; 3 letters at least). `preferred` names win a tie (the flag a command
 * reported missing).
 */
function nearest(
  word: string,
  names: readonly string[],
  preferred: readonly string[] = [],
): string | undefined {
  const w = word.toLowerCase();
  const fits = (n: string) => nearMiss(w, n) || (w.length >= 3 && n.startsWith(w));
  const wanted = preferred.find(fits);
  if (wanted) return wanted;
  const typos = names.filter((n) => nearMiss(w, n));
  if (typos.length > 0) return typos.sort((x, y) => distance(w, x) - distance(w, y))[0];
  const starts = w.length >= 3 ? names.filter((n) => n.startsWith(w)) : [];
  return starts.length === 1 ? starts[0] : undefined;
}

/** The command `word` nearly is (a typo, or the unique start of one). */
export function nearCommand(word: string, commands: readonly string[]): string | undefined {
  return nearest(word, commands);
}

/** `--some-flag` as a declared name: camelCase typed (`--reportDir`) read as yargs reads it. */
function declaredForm(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** The flags typed in `argv` (as typed, without `=value`) that `known` does not declare. */
export function unknownFlags(argv: readonly string[], known: KnownFlags): string[] {
  const found: string[] = [];
  for (const arg of argv) {
    if (arg === '--') break; // the rest are values
    if (!arg.startsWith('-') || arg === '-' || /^-\d/.test(arg)) continue;
    const flag = arg.replace(/=[\s\S]*$/, '');
    if (flag.startsWith('--')) {
      const name = declaredForm(flag.slice(2));
      const negated = name.startsWith('no-') ? name.slice(3) : undefined;
      if (known.names.includes(name) || (negated !== undefined && known.booleans.includes(negated))) continue;
      found.push(flag);
    } else if (flag.length === 2 && !known.names.includes(flag.slice(1))) {
      found.push(flag); // `-x`; grouped short flags (`-abc`) are left to yargs
    }
  }
  return found;
}

/** `unknown option --env; did you mean --environment? (see --help)`. */
function unknownFlagMessage(flag: string, known: KnownFlags, missing: readonly string[]): string {
  const longNames = known.names.filter((n) => n.length > 1);
  const word = declaredForm(flag.replace(/^-+/, ''));
  const near = flag.startsWith('--') ? nearest(word, longNames, missing) : undefined;
  return `unknown option ${flag}${near ? `; did you mean --${near}?` : ''} (see --help)`;
}

/**
 * The one-line message for a yargs failure caused by something unknown, or undefined when `msg`
 * is another message. `argv` is what was typed: it tells a flag (`--such-flag`) from a word;
 * `known` (when yargs got as far as a command) the flags that command declares.
 */
export function unknownMessage(
  msg: string,
  argv: string[],
  commands: readonly string[],
  known?: KnownFlags,
): string | undefined {
  const listed = /^Unknown arguments?: (.+)$/.exec(msg)?.[1];
  const missing = /^Missing required arguments?: ([^\n]+)/.exec(msg)?.[1]?.split(', ') ?? [];
  if (listed === undefined && missing.length === 0) return undefined;
  // The command first: a mistyped command makes every flag after it look unknown.
  const first = argv.find((a) => !a.startsWith('-'));
  if (listed !== undefined && first !== undefined && !commands.includes(first) && argv[0] === first) {
    const near = nearCommand(first, commands);
    return `unknown command "${first}"${near ? `; did you mean ${near}?` : ''} (commands: ${commands.join(', ')})`;
  }
  const flag = known ? unknownFlags(argv, known)[0] : undefined;
  if (flag !== undefined && known) return unknownFlagMessage(flag, known, missing);
  if (listed === undefined) return undefined; // a required flag really missing: yargs' own message
  const names = listed.split(', ');
  const typedFlags = argv.filter((a) => a.startsWith('-')).map((a) => a.replace(/=.*$/, ''));
  const typed = typedFlags.find((f) => names.includes(f.replace(/^-+/, '')));
  if (typed) return `unknown option ${typed} (see --help)`;
  const word = names.find((n) => argv.includes(n)) ?? names[0];
  if (word === undefined) return undefined; // no name to show: yargs' own message then
  return `unexpected argument "${word}" (see --help)`;
}
