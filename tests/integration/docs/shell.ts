/**
 * A strict reader of the guide's shell commands: POSIX quoting (single, double, backslash, line
 * continuations) and `$NAME` / `${NAME}` expansion from a given map, and nothing else. Anything a
 * one-command curl line has no business holding (pipes, `;`, redirections, globs, command
 * substitution, an unset variable) is an error, so the guide cannot drift into shell tricks.
 */

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Splits `command` into argv, expanding variables from `env`. @throws Error on unsupported syntax. */
export function shellSplit(command: string, env: Record<string, string>): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;

  const fail = (what: string): never => {
    throw new Error(`unsupported shell syntax (${what}) at ${i} in: ${command}`);
  };

  const expand = (quoted: boolean): string => {
    // At `$`.
    i++;
    let name: string | undefined;
    if (command[i] === '{') {
      const end = command.indexOf('}', i);
      if (end < 0) fail('unclosed ${');
      name = command.slice(i + 1, end);
      if (!NAME.test(name) || NAME.exec(name)?.[0] !== name) fail(`bad name \${${name}}`);
      i = end + 1;
    } else {
      name = NAME.exec(command.slice(i))?.[0];
      if (!name) fail('lone $');
      i += name!.length;
    }
    const value = env[name!];
    if (value === undefined) throw new Error(`no value for $${name} in: ${command}`);
    if (!quoted && /\s/.test(value)) fail(`unquoted $${name} would be split`);
    return value;
  };

  while (i < command.length) {
    const c = command.charAt(i); // in range: a one-character string
    if (c === '\\' && command[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '\n') fail('a second line without \\: one command per block');
    if (c === ' ' || c === '\t') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
      continue;
    }
    if (';&|<>()`'.includes(c)) fail(`operator ${JSON.stringify(c)}`);
    if ('*?[{'.includes(c)) fail(`glob or brace ${JSON.stringify(c)}`);
    if ((c === '#' || c === '~') && !inWord) fail(`${c} at the start of a word`);
    inWord = true;
    if (c === '\\') {
      if (i + 1 >= command.length) fail('trailing backslash');
      word += command[i + 1];
      i += 2;
    } else if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) fail("unclosed '");
      word += command.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      i++;
      for (;;) {
        if (i >= command.length) fail('unclosed "');
        const d = command[i];
        if (d === '"') {
          i++;
          break;
        }
        if (d === '`') fail('command substitution');
        if (d === '$') {
          if (command[i + 1] === '(') fail('command substitution');
          word += expand(true);
          continue;
        }
        if (d === '\\' && '$`"\\\n'.includes(command[i + 1] ?? '')) {
          if (command[i + 1] !== '\n') word += command[i + 1];
          i += 2;
          continue;
        }
        word += d;
        i++;
      }
    } else if (c === '$') {
      if (command[i + 1] === '(') fail('command substitution');
      word += expand(false);
    } else {
      word += c;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}
