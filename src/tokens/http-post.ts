/** A minimal form POST over node:http(s) with keep-alive, so a batch reuses its connections. */
import http from 'node:http';
import https from 'node:https';
import { sharedAgent } from './rate-limit';

/** What came back, or how the exchange failed before an answer. */
export interface PostResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * POSTs `form` urlencoded to `url`; rejects on network errors and when the whole exchange (headers
 * and body) takes longer than `timeoutMs`: a server that drips a byte at a time must not hold a
 * lock for ever. Redirects are never followed, so the body goes to `url`'s host only.
 */
export function postForm(
  url: string,
  form: Record<string, string>,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<PostResult> {
  const target = new URL(url);
  const body = new URLSearchParams(form).toString();
  const lib = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(
      () =>
        req.destroy(Object.assign(new Error(`no full answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })),
      timeoutMs,
    );
    const fail = (err: Error) => {
      clearTimeout(deadline);
      reject(err);
    };
    const req = lib.request(
      target,
      {
        method: 'POST',
        agent: sharedAgent(target.protocol), // keep-alive, and the process's rate limit
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          'content-length': Buffer.byteLength(body),
          ...headers,
        },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(deadline);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
        res.on('error', fail);
        // A destroyed request ends its response without 'end' on some Node versions: reject then too.
        res.on('aborted', () => fail(Object.assign(new Error('answer cut off'), { code: 'ECONNRESET' })));
      },
    );
    req.on('timeout', () =>
      req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })),
    );
    req.on('error', fail);
    req.end(body);
  });
}
