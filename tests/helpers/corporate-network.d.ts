// The types of corporate-network.js, for the TypeScript tests (tsconfig.json does not allow JS).

/** What a child needs to reach ANAF's names only through `proxyUrl`: the test CA, no DNS at all. */
export function proxiedChildEnv(proxyUrl: string): NodeJS.ProcessEnv;

/** A running CONNECT proxy. */
export interface ConnectProxy {
  url: string;
  /** Each CONNECT: the target it named and when it came (ms). */
  tunnels: { target: string; at: number }[];
  close(): Promise<void>;
}

/**
 * A CONNECT proxy on 127.0.0.1 sending every tunnel to `port` on 127.0.0.1; without `port` it takes
 * each CONNECT and never answers (a proxy that hangs).
 */
export function connectProxy(port?: number): Promise<ConnectProxy>;

/** ANAF's https hosts in front of a mock: what it forwarded, and when (ms). */
export interface AnafFront {
  port: number;
  requests: { path: string; at: number }[];
  close(): Promise<void>;
}

/**
 * An https server for logincert.anaf.ro and api.anaf.ro that forwards each request to the mock on
 * `mockPort` and records it: reached only through a proxy, since the names resolve nowhere.
 */
export function anafFront(mockPort: number): Promise<AnafFront>;
