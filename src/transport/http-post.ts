/** A minimal form POST over the process's transport (keep-alive, rate limit, proxy). */
import http from 'node:http';
import https from 'node:https';
import { abandonRequest, transportAgents } from './transport';

/** What came back, or how the exchange failed before an answer. */
export interface PostResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * POSTs `form` urlencoded to `url` (through the proxy the environment names, under the process's
 * rate limit, as Newman's requests); rejects on network errors and when the whole exchange (the wait
 * for a rate slot, headers and body) takes longer than `timeoutMs`: a server that drips a byte at a
 * time must not hold a lock for ever. Redirects are never followed, so the body goes to `url`'s host only.
 */
export async function postForm(
  url: string,
  form: Record<string, string>,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<PostResult> {
  const answer = await postBytes(
    url,
    Buffer.from(new URLSearchParams(form).toString()),
    { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers },
    timeoutMs,
  );
  return { ...answer, body: answer.body.toString('utf8') };
}

/** What came back from {@link postBytes}: the body as bytes. */
export interface PostBytesResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * POSTs `body` to `url` with `headers`, like {@link postForm} (the process's transport: its proxy,
 * rate limit and deadline; no redirects), and answers the body as bytes.
 */
export function postBytes(
  url: string,
  body: Buffer,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<PostBytesResult> {
  const target = new URL(url);
  const lib = target.protocol === 'https:' ? https : http;
  const agents = transportAgents(timeoutMs);
  return new Promise<PostBytesResult>((resolve, reject) => {
    let req: http.ClientRequest | undefined;
    const fail = (err: Error) => {
      clearTimeout(deadline);
      reject(err);
    };
    // From the start, the wait for a rate slot included (the lock is held meanwhile). It rejects by
    // itself: a request still waiting for its socket (a proxy's tunnel, the rate limit) emits no error
    // when destroyed.
    const deadline = setTimeout(() => {
      const err = Object.assign(new Error(`no full answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' });
      if (req) abandonRequest(req, err);
      fail(err);
    }, timeoutMs);
    try {
      req = startRequest();
    } catch (err) {
      fail(err instanceof Error ? err : new Error(String(err)));
    }
    function startRequest(): http.ClientRequest {
      const started = lib.request(
        target,
        {
          agent: target.protocol === 'https:' ? agents.https : agents.http,
          method: 'POST',
          headers: {
            'content-length': body.length,
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            clearTimeout(deadline);
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
          });
          res.on('error', fail);
          // A destroyed request ends its response without 'end' on some Node versions: reject then too.
          res.on('aborted', () => fail(Object.assign(new Error('answer cut off'), { code: 'ECONNRESET' })));
        },
      );
      started.on('error', fail);
      started.end(body);
      return started;
    }
  });
}
