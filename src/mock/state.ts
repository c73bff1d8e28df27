/** The mock's state: clients, codes and tokens, and the API data of each stage. */
import type { World } from './context';
import { EfacturaStore } from './efactura-store';
import { EtransportStore } from './etransport-store';
import type { SigningKey } from './jwt';
import type { Settings } from './options';
import { DailyQuotas } from './quotas';
import { TokenStore } from './tokens';

/** First numbers of the id sequences: distinct ranges, so an upload index is never a valid download id. */
const FIRST_ID = { upload: 5_000_000_001, download: 3_000_000_001 } as const;

/** A fresh world. */
export function createWorld(settings: Settings, key: SigningKey): World {
  const ids = { ...FIRST_ID };
  return {
    settings,
    clients: new Map(settings.clients.map((c) => [c.clientId, c])),
    tokens: new TokenStore(settings, key),
    efactura: { prod: new EfacturaStore(), test: new EfacturaStore() },
    etransport: { prod: new EtransportStore(), test: new EtransportStore() },
    quotas: new DailyQuotas(),
    ids,
    nextId: (sequence) => ids[sequence]++,
  };
}
