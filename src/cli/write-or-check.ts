/** The one ending of `generate` and `docs`: write the files, or (`--check`) say which are stale. */
import path from 'node:path';
import { AnafPostmanError } from '../errors';
import type { GeneratedFile } from '../generate';
import { checkTargets, staleFiles, writeGeneratedFiles } from '../generate/write';
import { shownPath } from './out-dir';

/**
 * Writes `files` below `outDir` and prints one line per file, or with `check` writes nothing and
 * throws `STALE` naming each file that differs, with the command that regenerates them.
 * `overwriteEnvironments` is passed to {@link writeGeneratedFiles}; `check` ignores it (it only compares).
 */
export async function writeOrCheck(
  outDir: string,
  files: GeneratedFile[],
  options: {
    check?: boolean;
    what: string;
    command: string;
    /** The whole command that writes the files again (default `anaf-postman COMMAND --out DIR`). */
    rerun?: string;
    overwriteEnvironments?: boolean;
  },
): Promise<void> {
  const shown = (relative: string) => shownPath(path.join(outDir, relative));
  checkTargets(outDir, files);
  if (options.check) {
    const stale = staleFiles(outDir, files);
    if (stale.length > 0) {
      throw new AnafPostmanError(
        'STALE',
        `stale ${options.what}: ${stale.map(shown).join(', ')} (run: ${options.rerun ?? `anaf-postman ${options.command} --out ${shownPath(outDir)}`})`,
      );
    }
    process.stdout.write(`up to date: ${files.map((f) => shown(f.relativePath)).join(', ')}\n`);
    return;
  }
  const written = await writeGeneratedFiles(outDir, files, {
    overwriteEnvironments: options.overwriteEnvironments,
  });
  for (const f of files) {
    const verb = written.includes(f.relativePath) ? 'wrote    ' : 'unchanged';
    process.stdout.write(`${verb} ${shown(f.relativePath)}\n`);
  }
}
