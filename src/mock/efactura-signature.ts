/**
 * `POST /api/validate/signature` (multipart `file` + `signature`, at the host's root). The mock
 * checks what it can: the signature's SHA-256 digest against the invoice, as the stand-in signature
 * of its own download ZIPs carries one. ANAF answers 200 with `msg` both ways.
 */
import { createHash } from 'node:crypto';
import { documentedAnswer, SIGNATURE_BAD_REQUEST } from '../anaf';
import type { Handler } from './context';
import { looksLikeXml } from './efactura-store';
import { json, mediaType, type Reply } from './http';

/** The file parts of a multipart body by field name (only parts with a filename count, as on ANAF). */
export function multipartFiles(contentType: string | undefined, body: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType ?? '')?.[1];
  if (mediaType(contentType) !== 'multipart/form-data' || !boundary) return files;
  const text = body.toString('latin1');
  for (const part of text.split(`--${boundary}`)) {
    const end = part.indexOf('\r\n\r\n');
    if (end < 0) continue;
    const head = part.slice(0, end);
    const name = /name="([^"]*)"/i.exec(head)?.[1];
    if (!name || !/filename="[^"]+"/i.test(head)) continue;
    const content = part.slice(end + 4).replace(/\r\n$/, '');
    files.set(name, Buffer.from(content, 'latin1'));
  }
  return files;
}

function documented(name: string): Reply {
  const answer = documentedAnswer('efactura.validareSemnatura', name);
  return json(answer.status, JSON.parse(answer.body));
}

export const validateSignature: Handler = (req) => {
  const files = multipartFiles(req.headers['content-type'], req.body);
  const file = files.get('file');
  const signature = files.get('signature');
  if (
    !file ||
    !signature ||
    !looksLikeXml(file.toString('utf8')) ||
    !looksLikeXml(signature.toString('utf8'))
  ) {
    return json(400, { msg: SIGNATURE_BAD_REQUEST });
  }
  const digest = /<(?:\w+:)?DigestValue>([^<]+)</.exec(signature.toString('utf8'))?.[1]?.trim();
  const actual = createHash('sha256').update(file).digest('base64');
  return documented(digest === actual ? 'Validare fisiere incarcate' : 'Nevalidare fisiere incarcate');
};
