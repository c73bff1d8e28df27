/** Where the package's own files live, whether running from `src/` (tests) or `dist/src/` (the CLI). */
import fs from 'node:fs';
import path from 'node:path';

let root: string | undefined;

/** The folder holding this package's `package.json`. */
export function packageRoot(): string {
  if (root) return root;
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json of anaf-postman not found');
    dir = parent;
  }
  root = dir;
  return dir;
}

/** A path inside the package. */
export function packagePath(...parts: string[]): string {
  return path.join(packageRoot(), ...parts);
}
