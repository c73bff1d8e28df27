/**
 * The mock's state file: what a restarted mock needs to go on where it stopped (its signing key,
 * the codes and tokens it issued, the uploads of each stage, the id sequences, today's quota
 * counts). Off unless {@link MockOptions.stateFile} names a file (the library's mock is in memory;
 * the CLI's `mock` keeps one). Written atomically (temp file, fsync, rename), mode 0600: it holds
 * a private key and live tokens. Not through write-file-atomic: its exit hook re-raises a SIGTERM
 * that the CLI's mock handles itself (to save and close).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { MESSAGE_RETENTION_DAYS } from '../anaf';
import { AnafPostmanError } from '../errors';
import { DAY_MS } from './clock';
import type { ApiStage, IdSequence, World } from './context';
import type { EfacturaUpload } from './efactura-store';
import type { EtransportUpload } from './etransport-store';
import { privateKeyPem, signingKeyFromPem, type SigningKey } from './jwt';
import type { SavedQuotas } from './quotas';
import type { SavedTokens } from './tokens';

/** Marks the file as ours; `version` changes when the shape does. */
const FORMAT = 'anaf-postman mock state';
const VERSION = 1;

/** Uploads older than this are left out of the file: twice ANAF's retention, well past any use. */
const KEEP_UPLOADS_MS = 2 * MESSAGE_RETENTION_DAYS * DAY_MS;

type SavedEfacturaUpload = Omit<EfacturaUpload, 'body'> & { body: string };

/** The file's JSON. */
interface SavedState {
  format: typeof FORMAT;
  version: typeof VERSION;
  savedAt: string;
  /** The signing key, PKCS #8 PEM: tokens issued before a restart still verify against /__mock/jwks. */
  key: string;
  ids: Record<IdSequence, number>;
  tokens: SavedTokens;
  efactura: Record<ApiStage, SavedEfacturaUpload[]>;
  etransport: Record<ApiStage, EtransportUpload[]>;
  quotas: SavedQuotas;
}

/** What a saved state restores: its key first (the world is built with it), then the rest. */
export interface LoadedState {
  key: SigningKey;
  restore(world: World): void;
}

const STAGES: ApiStage[] = ['prod', 'test'];

function unreadable(file: string, reason: string, cause?: unknown): AnafPostmanError {
  return new AnafPostmanError(
    'BAD_FILE',
    `mock: the saved state ${file} cannot be used: ${reason}`,
    { file },
    { cause },
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks the shape enough that restoring cannot throw halfway. */
function checkShape(value: unknown): string | undefined {
  if (!isObject(value) || value.format !== FORMAT) return 'it is not an anaf-postman mock state';
  if (value.version !== VERSION) return `it has version ${String(value.version)}, this mock reads ${VERSION}`;
  if (typeof value.key !== 'string') return 'it has no signing key';
  const ids = value.ids;
  if (!isObject(ids) || typeof ids.upload !== 'number' || typeof ids.download !== 'number') return 'ids';
  const tokens = value.tokens;
  if (!isObject(tokens) || !Array.isArray(tokens.codes) || !Array.isArray(tokens.tokens)) return 'tokens';
  for (const service of ['efactura', 'etransport'] as const) {
    const stages = value[service];
    if (!isObject(stages) || !STAGES.every((s) => Array.isArray(stages[s]))) return service;
  }
  const quotas = value.quotas;
  if (!isObject(quotas) || typeof quotas.day !== 'string' || !Array.isArray(quotas.counts)) return 'quotas';
  return undefined;
}

/**
 * Reads the state file; `undefined` when there is none yet.
 * @throws AnafPostmanError `BAD_FILE` naming the file when it cannot be read or is not a state this
 * mock can restore.
 */
export function readState(file: string): LoadedState | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw unreadable(file, (e as NodeJS.ErrnoException).code ?? String(e), e);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw unreadable(file, 'it is not JSON', e);
  }
  const problem = checkShape(value);
  if (problem) throw unreadable(file, problem.includes(' ') ? problem : `its ${problem} are malformed`);
  const saved = value as SavedState;
  let key: SigningKey;
  try {
    key = signingKeyFromPem(saved.key);
  } catch (e) {
    throw unreadable(file, 'its signing key does not load', e);
  }
  return {
    key,
    restore(world) {
      Object.assign(world.ids, saved.ids);
      world.tokens.restore(saved.tokens);
      for (const stage of STAGES) {
        for (const u of saved.efactura[stage]) {
          world.efactura[stage].add({ ...u, body: Buffer.from(u.body, 'base64') });
        }
        for (const u of saved.etransport[stage]) world.etransport[stage].add({ ...u });
      }
      world.quotas.restore(saved.quotas);
    },
  };
}

/** The world as the file's JSON text. */
function stateText(world: World, key: SigningKey): string {
  const from = world.settings.now() - KEEP_UPLOADS_MS;
  const kept = <T extends { uploadedAt: number }>(uploads: Iterable<T>) =>
    [...uploads].filter((u) => u.uploadedAt >= from);
  const state: SavedState = {
    format: FORMAT,
    version: VERSION,
    savedAt: new Date(world.settings.now()).toISOString(),
    key: privateKeyPem(key),
    ids: { ...world.ids },
    tokens: world.tokens.snapshot(),
    efactura: {
      prod: kept(world.efactura.prod.uploads.values()).map((u) => ({
        ...u,
        body: u.body.toString('base64'),
      })),
      test: kept(world.efactura.test.uploads.values()).map((u) => ({
        ...u,
        body: u.body.toString('base64'),
      })),
    },
    etransport: {
      prod: kept(world.etransport.prod.uploads.values()),
      test: kept(world.etransport.test.uploads.values()),
    },
    quotas: world.quotas.snapshot(),
  };
  return `${JSON.stringify(state)}\n`;
}

/** Writes `text` to `file` through a temp file beside it (mode 0600), fsync, rename: never half a file. */
async function writeAtomic(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await fs.promises.open(temp, 'wx', 0o600);
  try {
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(temp, file);
  } catch (e) {
    await fs.promises.rm(temp, { force: true });
    throw e;
  }
}

/**
 * Writes the state after changes: one write at a time, and a change during a write is saved by one
 * more write after it (never one write per request queued up). A failed write is reported and the
 * mock goes on serving.
 */
export class StateSaver {
  private dirty = false;
  private writing: Promise<void> | undefined;

  constructor(
    private readonly file: string,
    private readonly world: World,
    private readonly key: SigningKey,
    private readonly warn: (line: string) => void,
  ) {}

  /** Something changed: save soon. */
  changed(): void {
    this.dirty = true;
    void this.drain();
  }

  /** Resolves once everything changed so far is on disk (or its write failed and was reported). */
  flush(): Promise<void> {
    return this.drain();
  }

  private drain(): Promise<void> {
    this.writing ??= (async () => {
      while (this.dirty) {
        this.dirty = false;
        try {
          fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
          // Always 0600, even over an existing file with a wider mode: a private key and tokens.
          await writeAtomic(this.file, stateText(this.world, this.key));
        } catch (e) {
          const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
          this.warn(`mock: state not saved to ${this.file}: ${reason}`);
        }
      }
    })().finally(() => {
      this.writing = undefined;
    });
    return this.writing;
  }
}
