/** What every handler receives: the parsed request and the mock's state. */
import type { IncomingHttpHeaders } from 'node:http';
import type { EfacturaStore } from './efactura-store';
import type { EtransportStore } from './etransport-store';
import type { Reply } from './http';
import type { Settings } from './options';
import type { DailyQuotas } from './quotas';
import type { TokenStore } from './tokens';
import type { MockClient } from './types';

/** A request, read and parsed. */
export interface MockRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The body, cut one byte past the route's limit. */
  body: Buffer;
  /** Bytes the client actually sent. */
  bodySize: number;
  /** Path parameters of the route (`{{cif}}` → `cif`). */
  params: Record<string, string>;
}

/** API stages: ANAF serves each API under `/prod/` and `/test/`, with separate data. */
export type ApiStage = 'prod' | 'test';

/** The mock's id sequences. */
export type IdSequence = 'upload' | 'download';

/** The mock's state, shared by the handlers. */
export interface World {
  settings: Settings;
  clients: Map<string, MockClient>;
  tokens: TokenStore;
  efactura: Record<ApiStage, EfacturaStore>;
  etransport: Record<ApiStage, EtransportStore>;
  /** ANAF's daily quotas, per stage and key. */
  quotas: DailyQuotas;
  /** Next number of a sequence (uploads, downloads): ids stay unique across stages, like ANAF's. */
  nextId(sequence: IdSequence): number;
  /** The next number of each sequence, for the state file. */
  readonly ids: Record<IdSequence, number>;
}

/** A route handler. A thrown error becomes a 500, never a crash. */
export type Handler = (req: MockRequest, world: World, stage: ApiStage) => Reply | Promise<Reply>;
