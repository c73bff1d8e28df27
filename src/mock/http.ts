/**
 * Small HTTP building blocks. Handlers return a {@link Reply} instead of writing to the response,
 * so latency, scripted faults and the 500 safety net apply to every answer in one place.
 */
import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import { AnafPostmanError } from '../errors';

/** An answer, written by the server once latency and faults are applied. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
  /** Destroy the socket instead of answering. */
  reset?: boolean;
}

/** A JSON answer. */
export function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { 'Content-Type': 'application/json;charset=UTF-8', ...headers },
    body: JSON.stringify(value),
  };
}

/** An XML answer (e-Factura answers XML for upload and stareMesaj). */
export function xml(status: number, text: string): Reply {
  return { status, headers: { 'Content-Type': 'application/xml;charset=UTF-8' }, body: text };
}

/** A plain-text answer. */
export function text(status: number, value: string): Reply {
  return { status, headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, body: value };
}

/** The JSON error body ANAF's API gateway uses for 401/403/404/405/500. */
export function apiError(status: number, message: string, headers: Record<string, string> = {}): Reply {
  return json(status, { status, error: STATUS_CODES[status] ?? 'Error', message }, headers);
}

/** Escapes text for HTML and XML attribute or element content. */
export function escapeMarkup(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A request body read up to a limit. */
export interface Body {
  /** The first `limit + 1` bytes at most. */
  bytes: Buffer;
  /** Total bytes the client sent. */
  size: number;
}

/**
 * Reads the whole body but keeps only `keep` bytes: a huge upload is drained (so the client can
 * read the answer) without being held in memory.
 */
export function readBody(req: IncomingMessage, keep: number): Promise<Body> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (kept < keep) {
        const part = chunk.subarray(0, keep - kept);
        chunks.push(part);
        kept += part.length;
      }
    });
    req.on('end', () => resolve({ bytes: Buffer.concat(chunks), size }));
    req.on('error', reject);
  });
}

/** Thrown by {@link parseForm} for a body that is not valid `application/x-www-form-urlencoded`. */
export class FormError extends Error {}

/**
 * Parses `application/x-www-form-urlencoded` strictly: bad percent-encoding or invalid UTF-8
 * throws {@link FormError} (URLSearchParams would silently keep the bad text).
 */
export function parseForm(body: string): Map<string, string[]> {
  const form = new Map<string, string[]>();
  for (const piece of body.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const key = formDecode(eq < 0 ? piece : piece.slice(0, eq));
    const value = formDecode(eq < 0 ? '' : piece.slice(eq + 1));
    form.set(key, [...(form.get(key) ?? []), value]);
  }
  return form;
}

/** Decodes one form component (`+` is a space). */
export function formDecode(component: string): string {
  try {
    return decodeURIComponent(component.replace(/\+/g, ' '));
  } catch {
    throw new FormError(`bad percent-encoding in "${component.slice(0, 40)}"`);
  }
}

/** Encodes a form body from pairs. */
export function formEncode(fields: Record<string, string | undefined>): string {
  return Object.entries(fields)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
}

/** The media type of a `Content-Type` header, lower-case, without parameters. */
export function mediaType(header: string | undefined): string {
  const [type = ''] = (header ?? '').split(';');
  return type.trim().toLowerCase();
}

/**
 * Path parameter `name` of a matched route (`{cif}` → `cif`).
 * @throws AnafPostmanError `INTERNAL` when the route's pattern has no such parameter (a handler
 *   wired to the wrong route: a bug in the mock, never a client's mistake).
 */
export function pathParam(req: { params: Record<string, string>; path: string }, name: string): string {
  const value = req.params[name];
  if (value === undefined) {
    throw new AnafPostmanError('INTERNAL', `mock: the route of ${req.path} has no {${name}} parameter`);
  }
  return value;
}

/** `base` with `extra` on top; names compare case-insensitively, so an override never duplicates. */
export function mergeHeaders(
  base: Record<string, string>,
  extra: Record<string, string>,
): Record<string, string> {
  const out = { ...base };
  for (const [name, value] of Object.entries(extra)) {
    for (const key of Object.keys(out)) if (key.toLowerCase() === name.toLowerCase()) delete out[key];
    out[name] = value;
  }
  return out;
}
