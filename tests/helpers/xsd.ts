/** XSD validation with libxml2 compiled to WebAssembly (xmllint-wasm): no Java, no native build. */
import fs from 'node:fs';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';

const XSD = path.resolve(__dirname, '..', 'fixtures', 'anaf', 'xsd');

function file(relative: string) {
  return { fileName: relative, contents: fs.readFileSync(path.join(XSD, relative), 'utf8') };
}

/** Which vendored schema a document is checked against. */
export type Schema = 'etransport' | 'ubl-invoice' | 'ubl-creditnote';

/** The libxml2 errors of `xml` against `schema`; empty when it validates. */
export async function xsdErrors(xml: string, schema: Schema): Promise<string[]> {
  const input = { fileName: 'document.xml', contents: xml };
  if (schema === 'etransport') {
    const result = await validateXML({ xml: input, schema: file('schema_ETR_v2_20230126.xsd') });
    return result.errors.map((e) => e.rawMessage);
  }
  // libxml2 resolves `../common/…` imports from the main schema's own folder, as on disk.
  const common = fs.readdirSync(path.join(XSD, 'ubl-2.1', 'common')).map((f) => file(`ubl-2.1/common/${f}`));
  const result = await validateXML({
    xml: input,
    schema: file(`ubl-2.1/maindoc/${schema === 'ubl-invoice' ? 'UBL-Invoice' : 'UBL-CreditNote'}-2.1.xsd`),
    preload: common,
  });
  return result.errors.map((e) => e.rawMessage);
}
