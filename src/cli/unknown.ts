/**
 * One line for an unknown flag or command. yargs lists each unknown flag twice (`such-flag,
 * suchFlag`) and suggests the nearest command for any word at all; we name what was typed, and
 * suggest a command only when the word is a near miss of one.
 */

/** Edit distance (Levenshtein) of two short words. */
function distance(a: string, b: string): number {
  // `row[j]`: the distance from the characters of `a` read so far to the first j characters of `b`.
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  let last = b.length; // the distance from "" to `b`: the last cell of the first row
  for (const [i, charA] of a.split('').entries()) {
    const next = [i + 1];
    let diagonal = i; // row[j] while next[j + 1] is worked out: the cell up and to the left
    let left = i + 1; // next[j]
    for (const [j, above] of row.slice(1).entries()) {
      left = Math.min(above + 1, left + 1, diagonal + (charA === b.charAt(j) ? 0 : 1));
      next.push(left);
      diagonal = above;
    }
    row = next;
    last = left;
  }
  return last;
}

/** The command `word` nearly is (a typo: at most 1 edit, or 2 in a word of 6 letters and more). */
export function nearCommand(word: string, commands: readonly string[]): string | undefined {
  const limit = word.length >= 6 ? 2 : 1;
  return commands.find((c) => distance(word.toLowerCase(), c) <= limit);
}

/**
 * The one-line message for yargs' "Unknown argument(s): …", or undefined when `msg` is another
 * message. `argv` is what was typed: it tells a flag (`--such-flag`) from a word.
 */
export function unknownMessage(msg: string, argv: string[], commands: readonly string[]): string | undefined {
  const listed = /^Unknown arguments?: (.+)$/.exec(msg)?.[1];
  if (listed === undefined) return undefined;
  const typedFlags = argv.filter((a) => a.startsWith('-')).map((a) => a.replace(/=.*$/, ''));
  const names = listed.split(', ');
  const flag = typedFlags.find((f) => names.includes(f.replace(/^-+/, '')));
  if (flag) return `unknown option ${flag} (see --help)`;
  const word = names.find((n) => argv.includes(n)) ?? names[0];
  if (word === undefined) return undefined; // no name to show: yargs' own message then
  const isCommand = argv.find((a) => !a.startsWith('-')) === word;
  if (!isCommand) return `unexpected argument "${word}" (see --help)`;
  const near = nearCommand(word, commands);
  return `unknown command "${word}"${near ? `; did you mean ${near}?` : ''} (commands: ${commands.join(', ')})`;
}
