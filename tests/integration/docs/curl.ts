/**
 * Runs the guide's curl commands: with the real curl binary when there is one, and always with a
 * tiny executor that understands exactly the options the guide may use (`-sS`, `-X`, `-H`, `-u`,
 * `--data-urlencode`, `--data-binary @file`, `-F name=@file`, the URL). Any other option is an error, so a command
 * the executor cannot run is a command the guide must not contain.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';

/** What a command got back. */
export interface CurlResult {
  status: number;
  contentType: string;
  body: Buffer;
}

/** How a command is run: `executor` (in-process) or `curl` (the binary). */
export type Runner = 'executor' | 'curl';

/** The real curl's path, or undefined when it is not installed. */
export function findCurl(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'curl');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The request an argv describes, as curl would send it. */
export interface ParsedCurl {
  method: string;
  url: string;
  headers: [string, string][];
  body?: Buffer;
}

/** curl's `--data-urlencode` escaping: everything but ALPHA / DIGIT / `-._~`. */
function curlEscape(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Parses curl's argv (without `curl` itself). @throws Error for any option outside the guide's set. */
export function parseCurl(args: string[], cwd: string): ParsedCurl {
  let method: string | undefined;
  let url: string | undefined;
  const headers: [string, string][] = [];
  const data: Buffer[] = [];
  const parts: { name: string; file: string }[] = [];
  // One iterator: an option's value() takes the next argument, which the loop then skips.
  const rest = args.values();
  for (const arg of rest) {
    const value = () => {
      const next = rest.next();
      if (next.done) throw new Error(`curl: ${arg} needs a value`);
      return next.value;
    };
    if (arg === '-sS' || arg === '-Ss' || arg === '-s' || arg === '-S') continue;
    if (arg === '-X') method = value();
    else if (arg === '-H') {
      const h = value();
      const colon = h.indexOf(':');
      if (colon <= 0) throw new Error(`curl: bad header ${h}`);
      headers.push([h.slice(0, colon).trim(), h.slice(colon + 1).trim()]);
    } else if (arg === '-u') {
      const u = value();
      if (!u.includes(':')) throw new Error('curl: -u without a password would prompt');
      headers.push(['Authorization', `Basic ${Buffer.from(u).toString('base64')}`]);
    } else if (arg === '--data-urlencode') {
      const d = value();
      const eq = d.indexOf('=');
      if (eq < 0 && d.includes('@')) throw new Error('curl: --data-urlencode @file is not supported');
      data.push(
        Buffer.from(
          eq < 0 ? curlEscape(d) : `${d.slice(0, eq)}${eq === 0 ? '' : '='}${curlEscape(d.slice(eq + 1))}`,
        ),
      );
    } else if (arg === '--data-binary') {
      const d = value();
      if (!d.startsWith('@')) throw new Error('curl: the guide sends --data-binary @file only');
      data.push(fs.readFileSync(path.resolve(cwd, d.slice(1))));
    } else if (arg === '-F') {
      const f = value();
      const [, name, file] = /^([\w-]+)=@(.+)$/.exec(f) ?? [];
      if (name === undefined || file === undefined)
        throw new Error('curl: the guide sends -F name=@file only');
      parts.push({ name, file: path.resolve(cwd, file) });
    } else if (arg.startsWith('-')) throw new Error(`curl: option ${arg} is not one the guide may use`);
    else if (url !== undefined) throw new Error(`curl: a second URL ${arg}`);
    else url = arg;
  }
  if (url === undefined) throw new Error('curl: no URL');
  let body: Buffer | undefined;
  if (parts.length > 0) {
    // multipart/form-data as curl -F writes it: one part per file, with its file name.
    const boundary = '------------------------anafpostmancurl';
    const chunks = parts.flatMap((p) => [
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${path.basename(p.file)}"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
      ),
      fs.readFileSync(p.file),
      Buffer.from('\r\n'),
    ]);
    body = Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]);
    headers.push(['Content-Type', `multipart/form-data; boundary=${boundary}`]);
  } else if (data.length > 0) {
    body = Buffer.concat(data.flatMap((d, i) => (i === 0 ? [d] : [Buffer.from('&'), d])));
    if (!headers.some(([k]) => k.toLowerCase() === 'content-type')) {
      headers.push(['Content-Type', 'application/x-www-form-urlencoded']);
    }
  }
  return { method: method ?? (body ? 'POST' : 'GET'), url, headers, body };
}

/** Sends what `parseCurl` read, with node:http(s). */
function execute(req: ParsedCurl): Promise<CurlResult> {
  return new Promise((resolve, reject) => {
    const target = new URL(req.url);
    const send = target.protocol === 'https:' ? https.request : http.request;
    const headers: Record<string, string | number> = {};
    for (const [k, v] of req.headers) headers[k] = v;
    if (req.body) headers['Content-Length'] = req.body.length;
    const r = send(target, { method: req.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks),
        }),
      );
      res.on('error', reject);
    });
    r.on('error', reject);
    r.end(req.body);
  });
}

/** Runs curl's argv with the real binary, the body into a temporary file. */
function runBinary(curl: string, args: string[], cwd: string): Promise<CurlResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anaf-postman-curl-'));
  const out = path.join(dir, 'body');
  return new Promise((resolve, reject) => {
    execFile(
      curl,
      [...args, '-o', out, '-w', '%{http_code} %{content_type}'],
      { cwd, timeout: 20_000 },
      (err, stdout, stderr) => {
        try {
          if (err) return reject(new Error(`curl failed: ${err.message} ${stderr}`));
          const [status, ...type] = stdout.trim().split(' ');
          resolve({ status: Number(status), contentType: type.join(' '), body: fs.readFileSync(out) });
        } catch (e) {
          reject(e);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      },
    );
  });
}

/** Runs one curl argv (starting with `curl`) with the chosen runner. */
export async function runCurl(
  argv: string[],
  opts: { runner: Runner; cwd: string; curl?: string },
): Promise<CurlResult> {
  if (argv[0] !== 'curl') throw new Error(`not a curl command: ${argv[0]}`);
  const args = argv.slice(1);
  // Parsed in both cases, so the real curl never gets an option the executor would refuse.
  const parsed = parseCurl(args, opts.cwd);
  if (opts.runner === 'curl') {
    if (!opts.curl) throw new Error('curl is not installed');
    return runBinary(opts.curl, args, opts.cwd);
  }
  return execute(parsed);
}

/**
 * Why an answer is not a success, or an empty list: HTTP 2xx, and for e-Factura / e-Transport no
 * error in the body (ANAF's 200-with-error answers); a token answer holds an access token.
 */
export function problems(url: string, result: CurlResult): string[] {
  const found: string[] = [];
  const text = result.body.toString('utf8');
  if (result.status < 200 || result.status > 299) found.push(`HTTP ${result.status}: ${text.slice(0, 200)}`);
  const pathname = new URL(url).pathname;
  let json: Record<string, unknown> | undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object') json = parsed as Record<string, unknown>;
  } catch {
    // not JSON
  }
  if (/\/(FCTEL|ETRANSPORT)\//.test(pathname)) {
    if (json) {
      if (json.eroare !== undefined) found.push(`eroare: ${String(json.eroare)}`);
      if (json.stare === 'nok') found.push('stare: nok');
      if (String(json.ExecutionStatus) === '1') found.push('ExecutionStatus 1');
      if (Array.isArray(json.Errors) && json.Errors.length > 0)
        found.push(`Errors: ${JSON.stringify(json.Errors)}`);
    } else if (/^\s*</.test(text)) {
      if (/ExecutionStatus="1"/.test(text)) found.push('ExecutionStatus="1"');
      if (/<Errors\b/.test(text)) found.push(`Errors: ${text.slice(0, 300)}`);
      if (/stare="nok"/.test(text)) found.push('stare="nok"');
    }
  }
  if (pathname.endsWith('/token') && typeof json?.access_token !== 'string') found.push('no access_token');
  if (pathname.endsWith('/hello') && !/^Hello\b/.test(text)) found.push(`not Hello: ${text.slice(0, 100)}`);
  return found;
}
