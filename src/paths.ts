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

const samples = new Map<string, string>();

/** A request body sample of `templates/samples/`, read once (the collection and the OpenAPI document share them). */
export function readSample(name: string): string {
  let text = samples.get(name);
  if (text === undefined) {
    text = fs.readFileSync(packagePath('templates', 'samples', name), 'utf8');
    samples.set(name, text);
  }
  return text;
}
