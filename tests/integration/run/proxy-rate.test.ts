/**
 * A batch `run` behind a corporate proxy keeps the rate limit: every request (Newman's included)
 * goes through the process's transport, which tunnels through HTTPS_PROXY over kept-alive
 * connections and waits for the one limiter. The CLI runs several files at `--rate 5/s` against
 * ANAF's real host names, reachable only through a local CONNECT proxy (name lookups fail in the
 * child); ANAF's side is an https front of the mock that records when each request arrived.
 */
import fs from 'node:fs';
import path from 'node:path';
import { run } from '../../../src/run/run';
import { parseRate } from '../../../src/transport/rate';
import { useRateLimit } from '../../../src/transport/rate-limit';
import { runCli } from '../../helpers/cli';
import { useMock, useTempDir, writeEnv } from '../../helpers/env';
import { useInProcessProxy } from '../../helpers/in-process-proxy';
import { anafFront, connectProxy, maxInWindow, proxiedChildEnv } from '../../helpers/proxy';

const mock = useMock();
const tmp = useTempDir();

const FILES = 4;
const ITERATIONS = 8;
const LIMIT = 5; // per second: the limiter's window is 1 s (`--rate 5/s`)
const HELLO = '/TestOauth/jaxrs/hello';

it('a batch through HTTPS_PROXY: every request tunnelled, never more than the rate in any window, close to it', async () => {
  const front = await anafFront(mock().port);
  const proxy = await connectProxy(front.port);
  try {
    for (let i = 0; i < FILES; i++) {
      writeEnv(
        tmp(),
        { origin: 'https://api.anaf.ro', tokens: mock().issueTokens() },
        `c${i}.postman_environment.json`,
      );
    }
    const r = await runCli(
      [
        'run',
        '-e',
        path.join(tmp(), '*.postman_environment.json'),
        '--folder',
        'TestOauth hello',
        '--iteration-count',
        String(ITERATIONS),
        '--concurrency',
        String(FILES),
        '--rate',
        `${LIMIT}/s`,
        '--reporters',
        'cli',
        '--progress-file',
        path.join(tmp(), 'progress.json'),
      ],
      { cwd: tmp(), env: proxiedChildEnv(proxy.url), timeoutMs: 120_000 },
    );
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toContain(`${FILES} file(s): ${FILES} passed`);

    // The rate as ANAF would count it: the arrivals at its door, in any window of the limiter's 1 s.
    const times = front.requests.map((q) => q.at).sort((a, b) => a - b);
    const spanS = ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000;
    const measured = {
      maxInAnyWindow: maxInWindow(times, 1000),
      utilisation: (times.length - 1) / spanS / LIMIT,
      tunnels: proxy.tunnels.length,
    };
    expect(measured.maxInAnyWindow).toBeLessThanOrEqual(LIMIT);
    expect(measured.utilisation).toBeGreaterThanOrEqual(0.9);

    // Every request the mock saw came through the front, which only the proxy reaches.
    const seen = mock().requests(HELLO);
    expect(seen).toHaveLength(FILES * ITERATIONS);
    expect(front.requests.filter((q) => q.path === HELLO)).toHaveLength(seen.length);
    expect(mock().requests()).toHaveLength(front.requests.length);
    // Kept-alive tunnels: a few CONNECTs for all of them, not one per request.
    expect(measured.tunnels).toBeGreaterThanOrEqual(1);
    expect(measured.tunnels).toBeLessThanOrEqual(2 * FILES);
    expect(new Set(proxy.tunnels.map((t) => t.target))).toEqual(new Set(['api.anaf.ro:443']));
  } finally {
    await proxy.close();
    await front.close();
  }
}, 180_000);

describe('a script’s pm.sendRequest', () => {
  const throughProxy = useInProcessProxy();

  it('goes through the proxy and waits for the same rate limit as the requests', async () => {
    const front = await anafFront(mock().port);
    const proxy = await connectProxy(front.port);
    // ANAF's name goes only to the proxy: a lookup of it here would be a request past the proxy.
    const lookups = throughProxy(proxy.url);
    const release = useRateLimit(parseRate('2/s'));
    try {
      const collection = path.join(tmp(), 'send-request.postman_collection.json');
      fs.writeFileSync(
        collection,
        JSON.stringify({
          info: {
            name: 'sendRequest',
            schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
          },
          item: [
            {
              name: 'hello',
              event: [
                {
                  listen: 'prerequest',
                  script: {
                    type: 'text/javascript',
                    exec: [`pm.sendRequest('https://api.anaf.ro${HELLO}?from=script', function () {});`],
                  },
                },
              ],
              request: { method: 'GET', url: `https://api.anaf.ro${HELLO}?from=request` },
            },
          ],
        }),
      );
      const file = writeEnv(tmp(), { origin: mock().url, tokens: mock().issueTokens() });
      // `insecure`: the front's certificate is from the test CA, which this process does not trust
      // (the CLI tests give it with NODE_EXTRA_CA_CERTS, read when a process starts).
      const summary = await run({
        environment: file,
        collection,
        iterationCount: 3,
        reporters: ['cli'],
        reportDir: path.join(tmp(), 'reports'),
        insecure: true,
      });
      expect(summary.exitCode).toBe(0);
      const from = mock()
        .requests(HELLO)
        .map((q) => q.query.from);
      expect(from.filter((f) => f === 'script')).toHaveLength(3);
      expect(from.filter((f) => f === 'request')).toHaveLength(3);
      expect(front.requests).toHaveLength(6);
      expect(proxy.tunnels.length).toBeGreaterThanOrEqual(1);
      expect(lookups).toEqual([]);
      // Six requests, two a second: the scripts' requests counted with the others.
      expect(
        maxInWindow(
          front.requests.map((q) => q.at),
          1000,
        ),
      ).toBeLessThanOrEqual(2);
    } finally {
      release();
      await proxy.close();
      await front.close();
    }
  }, 60_000);
});
