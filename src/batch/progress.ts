/**
 * Resumable progress of a batch (`refresh`, batch `run`): which files were done today. Interrupted
 * at file 6000 of 10000, a rerun with `resume` skips the 6000. The file is rewritten atomically
 * (temp file and rename), at most every `flushMs` and at the end, so a crash leaves the last whole
 * version and 10,000 files do not cost 10,000 rewrites.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { optionError, type AnafPostmanError } from '../errors';
import { InputFileError, parseJsonText, readInputFile, writeTextAtomic } from '../store';
import type { Rate } from '../transport/rate';

interface ProgressData {
  /** Local calendar day the entries belong to (`YYYY-MM-DD`): yesterday's work is done again. */
  day: string;
  command: string;
  /** Absolute file path → exit code of its outcome. */
  done: Record<string, number>;
}

/** Today as `YYYY-MM-DD` in local time (a scheduled batch's "today" is the operator's). */
export function localDay(nowMs: number = Date.now()): string {
  const d = new Date(nowMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

/** Options shared by the batches that keep progress. */
export interface ProgressOptions {
  /** Where progress is kept (default: {@link defaultProgressFile}). */
  progressFile?: string;
  /** Skip the files this progress file says were done successfully today. */
  resume?: boolean;
  /**
   * Receives a one-line warning when progress is not kept as asked (the default folder is not
   * safe to trust); the batch goes on either way.
   */
  onWarning?: (message: string) => void;
}

/** Options every batch over environment files takes (`refresh`, and `run` with many files). */
export interface BatchOptions<Result> extends ProgressOptions {
  /** Environment files or globs. */
  environments: string[] | string;
  /** Files handled at once (default 8). */
  concurrency?: number;
  /** When aborted, no further file is started; those under way finish and are saved. */
  signal?: AbortSignal;
  /** Requests per window for the whole process (default `DEFAULT_RATE`, under ANAF's 1000/min). */
  rate?: Rate;
  /** Called after each file, for progress bars. */
  onResult?: (result: Result, done: number, total: number) => void;
}

/**
 * The default progress file of a batch: in the temp folder, named after the command, the working
 * folder and the files asked for, so two batches over different folders never share one.
 */
export function defaultProgressFile(command: string, environments: string[] | string = []): string {
  const key = [process.cwd(), command, ...[environments].flat()].join('\0');
  const hash = crypto.createHash('sha256').update(key).digest('hex').slice(0, 16);
  const user = process.getuid?.() ?? os.userInfo().username;
  return path.join(os.tmpdir(), `anaf-postman-${user}`, `${command}-${hash}.progress.json`);
}

/**
 * Why the default progress folder `dir` cannot be trusted, or undefined when it can. It sits in
 * the shared temp folder under a name anyone can guess: another local user may have made it first
 * (or made it a symlink), and could then make `resume` skip files or read and replace what is
 * written there. Ours means: a real folder, owned by this user, that no one else can write to.
 * Where there are no uids (Windows) the temp folder is per user anyway.
 */
export function untrustedFolder(dir: string): string | undefined {
  const uid = process.getuid?.();
  if (uid === undefined) return undefined;
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(dir);
  } catch (err) {
    return `could not be made (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
  }
  if (stat.isSymbolicLink()) return 'is a symbolic link';
  if (!stat.isDirectory()) return 'is not a folder';
  if (stat.uid !== uid) return `belongs to uid ${stat.uid}, not to this user (uid ${uid})`;
  if ((stat.mode & 0o022) !== 0) return `is writable by others (mode ${(stat.mode & 0o777).toString(8)})`;
  return undefined;
}

/** Largest progress file read back (some 200,000 files' entries). */
const MAX_PROGRESS_BYTES = 64 * 1024 * 1024;

/** `--progress-file FILE` is not ours: why, by position for JSON, never quoting the file. */
function notProgress(file: string, err: unknown): AnafPostmanError {
  // Every error here is ours (InputFileError, JsonTextError, a shape check): none quotes the file.
  const why = err instanceof Error ? err.message : 'unreadable';
  return optionError('BAD_FILE', 'progressFile', `${file} is not a progress file (${why})`, { file });
}

/** A batch's progress: what to skip, and a record of every file finished. */
export class Progress {
  private data: ProgressData;
  private dirty = false;
  private lastFlush = 0;
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    readonly file: string,
    data: ProgressData,
    private readonly flushMs: number,
    /** False when the file's folder is not trusted: nothing is read from it or written to it. */
    private readonly keep = true,
  ) {
    this.data = data;
  }

  /**
   * Opens the progress of `command`. Without `resume` it starts empty (today's earlier entries are
   * forgotten); with it, today's entries of the same command are kept and skipped. The default
   * folder is used only when it is ours ({@link untrustedFolder}); else `onWarning` says so, every
   * file is processed and no progress is kept.
   * @throws AnafPostmanError `BAD_FILE` about `progressFile` when it exists but is not ours.
   */
  static open(
    command: string,
    options: ProgressOptions & { environments?: string[] | string } = {},
    flushMs = 2000,
  ): Progress {
    const file = options.progressFile ?? defaultProgressFile(command, options.environments);
    const dir = path.dirname(path.resolve(file));
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch {
      // The write will fail and be noted in `writeError`: progress never stops the batch itself.
    }
    const fresh: ProgressData = { day: localDay(), command, done: {} };
    // A folder the user named is theirs to judge; the default one is shared ground.
    const distrust = options.progressFile === undefined ? untrustedFolder(dir) : undefined;
    if (distrust) {
      options.onWarning?.(
        `progress folder ${dir} ${distrust}: not trusted, every file is processed and no progress is kept ` +
          '(remove that folder, or choose a progress file)',
      );
      return new Progress(file, fresh, flushMs, false);
    }
    if (!options.resume) return new Progress(file, fresh, flushMs);
    let text: string;
    try {
      text = readInputFile(file, MAX_PROGRESS_BYTES).toString('utf8');
    } catch (err) {
      // Nothing to resume: start from the first file. A FIFO, a device or a huge file is not ours.
      if (err instanceof InputFileError && err.errno !== undefined) return new Progress(file, fresh, flushMs);
      throw notProgress(file, err);
    }
    let data: ProgressData;
    try {
      data = parseJsonText(text) as ProgressData;
      if (typeof data.done !== 'object' || data.done === null) throw new Error('no "done"');
    } catch (err) {
      throw notProgress(file, err);
    }
    const usable = data.day === fresh.day && data.command === command;
    return new Progress(file, usable ? data : fresh, flushMs);
  }

  /** True when `file` finished successfully today (and `resume` kept it). */
  isDone(file: string): boolean {
    return this.data.done[path.resolve(file)] === 0;
  }

  /** Files marked done. */
  get doneCount(): number {
    return Object.values(this.data.done).filter((c) => c === 0).length;
  }

  /** Records `file`'s outcome; written out within `flushMs`. */
  async record(file: string, exitCode: number): Promise<void> {
    this.data.done[path.resolve(file)] = exitCode;
    this.dirty = true;
    if (Date.now() - this.lastFlush >= this.flushMs) await this.flush();
  }

  /** Why the progress could not be written, if it could not (the batch itself went on). */
  writeError?: string;

  /** Writes the progress now (atomically) if anything changed since the last write; never throws. */
  async flush(): Promise<void> {
    // One write at a time, in order: the last whole state always wins.
    this.writing = this.writing
      .catch(() => undefined) // a failed write was reported to its caller; try again
      .then(async () => {
        if (!this.dirty || !this.keep) return;
        this.dirty = false;
        this.lastFlush = Date.now();
        try {
          await writeTextAtomic(this.file, `${JSON.stringify(this.data)}\n`, 0o600);
        } catch (err) {
          // Progress is a convenience for --resume: a file that cannot be written must not fail the batch.
          this.writeError = (err as Error).message;
        }
      });
    return this.writing;
  }
}
