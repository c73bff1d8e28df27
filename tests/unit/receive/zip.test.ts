/** The ZIP reader `download` uses on ANAF's archives: real archives read, broken ones refused. */
import { ZipFile } from 'yazl';
import { crc32 as nodeCrc32 } from 'node:zlib';
import { crc32, looksLikeZip, readZip, ZipError } from '../../../src/receive/zip';

function makeZip(files: Record<string, Buffer>, compress = true): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const zip = new ZipFile();
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
    for (const [name, data] of Object.entries(files)) zip.addBuffer(data, name, { compress });
    zip.end();
  });
}

const INVOICE = Buffer.from('<?xml version="1.0"?><Invoice><cbc:ID>F-1</cbc:ID></Invoice>\n'.repeat(20));
const SIGNATURE = Buffer.from('<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"/>');

describe('readZip', () => {
  it.each([true, false])('reads every entry with its name and bytes (deflated: %s)', async (compress) => {
    const zip = await makeZip({ '5001.xml': INVOICE, 'semnatura_5001.xml': SIGNATURE }, compress);
    expect(looksLikeZip(zip)).toBe(true);
    expect(readZip(zip)).toEqual([
      { name: '5001.xml', data: INVOICE },
      { name: 'semnatura_5001.xml', data: SIGNATURE },
    ]);
  });

  it('computes the same CRC-32 as zlib', () => {
    for (const data of [Buffer.alloc(0), INVOICE, Buffer.from('ăîșț')])
      expect(crc32(data)).toBe(nodeCrc32(data));
  });

  it('refuses a truncated archive, a changed byte (CRC), and what is not a ZIP', async () => {
    const zip = await makeZip({ '5001.xml': INVOICE });
    expect(() => readZip(zip.subarray(0, zip.length - 30))).toThrow(ZipError);
    const bad = Buffer.from(zip);
    bad[40] = (bad[40] ?? 0) ^ 0xff; // inside the first entry's data
    expect(() => readZip(bad)).toThrow(ZipError);
    expect(() =>
      readZip(Buffer.from('{"eroare":"Pentru id=1 nu exista inregistrata nici o factura"}')),
    ).toThrow(ZipError);
    expect(looksLikeZip(Buffer.from('{"eroare":"x"}'))).toBe(false);
  });
});
