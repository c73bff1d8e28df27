/**
 * One line for an unknown flag or command. yargs lists each unknown flag twice (`such-flag,
 * suchFlag`) and suggests the nearest command for any word at all; we name what was typed, and
 * suggest a command only when the word is a near miss of one.
 */

/** Edit distance (Levenshtein) of two short words. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
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
  const match = /^Unknown arguments?: (.+)$/.exec(msg);
  if (!match) return undefined;
  const typedFlags = argv.filter((a) => a.startsWith('-')).map((a) => a.replace(/=.*$/, ''));
  const names = match[1].split(', ');
  const flag = typedFlags.find((f) => names.includes(f.replace(/^-+/, '')));
  if (flag) return `unknown option ${flag} (see --help)`;
  const word = names.find((n) => argv.includes(n)) ?? names[0];
  const isCommand = argv.find((a) => !a.startsWith('-')) === word;
  if (!isCommand) return `unexpected argument "${word}" (see --help)`;
  const near = nearCommand(word, commands);
  return `unknown command "${word}"${near ? `; did you mean ${near}?` : ''} (commands: ${commands.join(', ')})`;
}
