/**
 * The guide's shell quoting (src/docs/shell.ts): whatever the text, a POSIX shell reads back exactly
 * that text with the variables expanded. Checked with /bin/sh itself and with the tests' own reader.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { curlCommand, shellWord, type WordPart } from '../../../src/docs/shell';
import { shellSplit } from './shell';

const NASTY = [
  'plain',
  'https://api.anaf.ro/prod/FCTEL/rest/upload?standard=UBL&cif=1',
  "it's",
  'say "hi"',
  'dollar $HOME and `tick` and \\ backslash',
  'bang! and spaces  twice',
  'tab\tand newline\nend',
  'ăîșțâ unicode',
  '',
];

const SH = ['/bin/sh', '/usr/bin/sh'].find((p) => fs.existsSync(p));

/** What /bin/sh makes of `words` (printed NUL-separated) with `env`. */
function viaSh(words: string[], env: Record<string, string>): string[] {
  const out = execFileSync(SH!, ['-c', `printf '%s\\0' ${words.join(' ')}`], {
    env: { PATH: '/usr/bin:/bin', ...env },
  });
  return out.toString('utf8').split('\0').slice(0, -1);
}

describe('shellWord', () => {
  const cases: [string, WordPart[], string][] = [];
  for (const text of NASTY) {
    cases.push([`literal ${JSON.stringify(text)}`, [{ text }], text]);
    cases.push([
      `literal ${JSON.stringify(text)} around $VALUE`,
      [{ text }, { shellVar: 'VALUE' }, { text: `${text}_x` }],
      `${text}v a$l'u"e${text}_x`,
    ]);
  }
  const env = { VALUE: 'v a$l\'u"e' };

  it.each(cases)("%s reads back exactly (tests' reader)", (_name, parts, expected) => {
    expect(shellSplit(shellWord(parts), env)).toEqual([expected]);
  });

  it('reads back exactly with /bin/sh (every case at once)', () => {
    expect(SH).toBeDefined();
    const words = cases.map(([, parts]) => shellWord(parts));
    expect(viaSh(words, env)).toEqual(cases.map(([, , expected]) => expected));
  });

  it('leaves simple text bare, and uses ${NAME} only where a name character follows', () => {
    expect(shellWord([{ text: 'grant_type=refresh_token' }])).toBe('grant_type=refresh_token');
    expect(shellWord([{ text: 'code=' }, { shellVar: 'CODE' }])).toBe('"code=$CODE"');
    expect(shellWord([{ text: 'a/' }, { shellVar: 'CIF' }, { text: '_2' }])).toBe('"a/${CIF}_2"');
  });
});

describe('curlCommand', () => {
  it('one option per line, continued with a backslash, the URL last', () => {
    const command = curlCommand(
      'POST',
      [{ flag: '-H', value: [{ text: 'Authorization: Bearer ' }, { shellVar: 'ACCESS_TOKEN' }] }],
      [{ text: 'https://api.anaf.ro/x?a=1&b=' }, { shellVar: 'CIF' }],
    );
    expect(command).toBe(
      'curl -sS -X POST \\\n  -H "Authorization: Bearer $ACCESS_TOKEN" \\\n  "https://api.anaf.ro/x?a=1&b=$CIF"',
    );
    expect(shellSplit(command, { ACCESS_TOKEN: 't', CIF: '9' })).toEqual([
      'curl',
      '-sS',
      '-X',
      'POST',
      '-H',
      'Authorization: Bearer t',
      'https://api.anaf.ro/x?a=1&b=9',
    ]);
  });
});
