/**
 * Reading the ZIP ANAF sends, without a dependency: the central directory at the end, each entry's
 * local header, stored or deflated data (node's zlib), the CRC checked. Enough for ANAF's archives
 * (a few small entries); anything else is refused as not a ZIP we can read.
 */
import { inflateRawSync } from 'node:zlib';

/** CRC-32 (IEEE): node's zlib.crc32 arrived in Node 20.15, and `engines` says 20. */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = (CRC_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One file of the archive. */
export interface ZipEntry {
  name: string;
  data: Buffer;
}

/** Thrown for bytes that are not a ZIP this reader can read. */
export class ZipError extends Error {}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** The most an entry may inflate to: ANAF's documents are at most 10 MB; a bomb stops here. */
const MAX_ENTRY_BYTES = 64 * 1024 * 1024;

function u16(buf: Buffer, at: number): number {
  if (at < 0 || at + 2 > buf.length) throw new ZipError('truncated archive');
  return buf.readUInt16LE(at);
}

function u32(buf: Buffer, at: number): number {
  if (at < 0 || at + 4 > buf.length) throw new ZipError('truncated archive');
  return buf.readUInt32LE(at);
}

/** The end-of-central-directory record: searched backwards over the comment (at most 64 KiB). */
function endRecord(buf: Buffer): number {
  for (let at = buf.length - 22; at >= Math.max(0, buf.length - 22 - 0xffff); at--) {
    if (buf.readUInt32LE(at) === EOCD) return at;
  }
  throw new ZipError('no end of central directory');
}

/**
 * The entries of `buf`, in the order of the central directory.
 * @throws ZipError for bytes that are not a readable ZIP (truncated, a bad CRC, an unknown method).
 */
export function readZip(buf: Buffer): ZipEntry[] {
  if (buf.length < 22) throw new ZipError('too short to be a ZIP');
  const eocd = endRecord(buf);
  const count = u16(buf, eocd + 10);
  let at = u32(buf, eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (u32(buf, at) !== CENTRAL) throw new ZipError('bad central directory entry');
    const flags = u16(buf, at + 8);
    const method = u16(buf, at + 10);
    const crc = u32(buf, at + 16);
    const compressed = u32(buf, at + 20);
    const size = u32(buf, at + 24);
    const nameLength = u16(buf, at + 28);
    const extra = u16(buf, at + 30);
    const comment = u16(buf, at + 32);
    const local = u32(buf, at + 42);
    if (flags & 0x1) throw new ZipError('encrypted entry');
    const nameBytes = buf.subarray(at + 46, at + 46 + nameLength);
    // Bit 11: UTF-8 names; otherwise CP437, read as latin1 (ANAF's names are digits and ASCII).
    const name = nameBytes.toString(flags & 0x800 ? 'utf8' : 'latin1');
    if (u32(buf, local) !== LOCAL) throw new ZipError(`bad local header for ${name}`);
    const start = local + 30 + u16(buf, local + 26) + u16(buf, local + 28);
    if (start + compressed > buf.length) throw new ZipError(`truncated entry ${name}`);
    if (size > MAX_ENTRY_BYTES) throw new ZipError(`entry ${name} is larger than ${MAX_ENTRY_BYTES} bytes`);
    const raw = buf.subarray(start, start + compressed);
    let data: Buffer;
    if (method === 0) data = Buffer.from(raw);
    else if (method === 8) {
      try {
        data = inflateRawSync(raw, { maxOutputLength: MAX_ENTRY_BYTES });
      } catch (err) {
        throw new ZipError(`entry ${name} does not inflate: ${(err as Error).message}`);
      }
    } else throw new ZipError(`entry ${name} uses compression method ${method}`);
    if (data.length !== size || crc32(data) !== crc) throw new ZipError(`entry ${name} fails its CRC`);
    entries.push({ name, data });
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

/** True when `buf` starts like a ZIP (a local file header). */
export function looksLikeZip(buf: Buffer): boolean {
  return buf.length >= 4 && buf.readUInt32LE(0) === LOCAL;
}
