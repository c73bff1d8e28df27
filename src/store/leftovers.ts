/**
 * Token pairs left beside an environment file by an earlier process that did not finish: a
 * recovery file (`NAME.recovered-DATE.json`) or write-file-atomic's temporary file (`NAME.json.N`)
 * left by a kill between writing it and renaming it. When ANAF refuses the file's refresh token as
 * already used, such a file may hold the pair that replaced it: worth a look before a person is sent
 * back to the certificate.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A file that holds a refresh token other than the environment's own. */
export interface LeftoverPair {
  file: string;
  /** When it was written. */
  mtimeMs: number;
}

// Larger files are not an environment: never read them whole.
const MAX_BYTES = 4 * 1024 * 1024;

function refreshTokenIn(text: string): string {
  try {
    const data = JSON.parse(text) as { values?: { key?: unknown; value?: unknown }[] };
    const found = data.values?.find((v) => v?.key === 'refreshToken');
    return typeof found?.value === 'string' ? found.value.trim() : '';
  } catch {
    return ''; // a temporary file cut short by the kill holds nothing usable
  }
}

/**
 * Recovery and temporary files of `file` (beside it and in the system's temporary folder), owned
 * by this user, holding a refresh token other than `current`; newest first.
 */
export function leftoverPairs(file: string, current: string): LeftoverPair[] {
  const base = path.basename(file);
  const stem = base.replace(/\.json$/, '');
  const isLeftover = (name: string) =>
    (name.startsWith(`${stem}.recovered-`) && name.endsWith('.json')) ||
    (name.startsWith(`${base}.`) && /^\d+$/.test(name.slice(base.length + 1)));
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const found: LeftoverPair[] = [];
  for (const dir of new Set([path.dirname(path.resolve(file)), os.tmpdir()])) {
    let names: string[];
    try {
      names = fs.readdirSync(dir).filter(isLeftover);
    } catch {
      continue;
    }
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        const stat = fs.lstatSync(candidate);
        if (!stat.isFile() || stat.size > MAX_BYTES || (uid !== undefined && stat.uid !== uid)) continue;
        const token = refreshTokenIn(fs.readFileSync(candidate, 'utf8'));
        if (token !== '' && token !== current) found.push({ file: candidate, mtimeMs: stat.mtimeMs });
      } catch {
        continue; // gone meanwhile, or unreadable: not a lead
      }
    }
  }
  return found.sort((a, b) => b.mtimeMs - a.mtimeMs);
}
