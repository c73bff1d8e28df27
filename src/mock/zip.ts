/** The ZIP `descarcare` answers: the message XML and a stand-in for ANAF's signature. */
import { createHash } from 'node:crypto';
import { ZipFile } from 'yazl';

/** A ZIP of `files` (name → content), every entry dated `mtime`. */
export function zip(files: Record<string, Buffer>, mtime: Date): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const archive = new ZipFile();
    const chunks: Buffer[] = [];
    archive.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    archive.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    archive.outputStream.on('error', reject);
    for (const [name, content] of Object.entries(files)) archive.addBuffer(content, name, { mtime });
    archive.end();
  });
}

/**
 * An XML-DSig shaped document over `content`. Its digest is real; the signature value is not
 * (the mock has no qualified seal), and the document says so.
 */
export function signatureXml(content: Buffer, fileName: string): Buffer {
  const digest = createHash('sha256').update(content).digest('base64');
  return Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<Signature xmlns="http://www.w3.org/2000/09/xmldsig#">\n' +
      '  <SignedInfo>\n' +
      '    <CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>\n' +
      '    <SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>\n' +
      `    <Reference URI="${fileName}">\n` +
      '      <DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>\n' +
      `      <DigestValue>${digest}</DigestValue>\n` +
      '    </Reference>\n' +
      '  </SignedInfo>\n' +
      '  <SignatureValue>bW9jayBzaWduYXR1cmU=</SignatureValue>\n' +
      '  <!-- anaf-postman mock: not a real signature -->\n' +
      '</Signature>\n',
  );
}
