/**
 * Individuals are taxpayers too (issue #23): a CNP is a `cif` and an e-Transport declarant like a
 * company's CUI, a code no taxpayer can hold is refused in ANAF's words, and the B2C and credit
 * note samples are taken in.
 */
import fs from 'node:fs';
import path from 'node:path';
import { NO_BUYER_CODE, Paths } from '../../../src/anaf';
import type { MockServer } from '../../../src/mock';
import { bearer, call, DEMO, useMock, type Answer } from './helpers';

/** A fictional CNP with a valid check digit (born 1900-01-01): the samples' buyer. */
const CNP = '1000101400015';
/** Codes no taxpayer holds: ANAF's e-Transport pattern or the check digits refuse each. */
const WRONG: [code: string, why: string][] = [
  ['1000101400016', 'a CNP with a wrong check digit'],
  ['0000101400013', 'a CNP with a leading 0'],
  ['100010140001', '12 digits'],
  ['12345678', 'a CUI with a wrong check digit'],
  [NO_BUYER_CODE, 'the 13 zeros of B2C: a buyer code, never a cif'],
];
const SAMPLES = path.resolve(__dirname, '../../../templates/samples');
const sample = (name: string) => fs.readFileSync(path.join(SAMPLES, name), 'utf8');

const mock = useMock();
const ef = (rest: string) => `${Paths.efactura('prod')}/${rest}`;
const et = (rest: string) => `${Paths.etransport('prod')}/${rest}`;

function api(m: MockServer, p: string, init: RequestInit = {}): Promise<Answer> {
  return call(m, p, {
    ...init,
    headers: { ...bearer(m.issueTokens().access_token), ...(init.headers ?? {}) },
  });
}
const post = (p: string, body: string, type = 'text/plain') =>
  api(mock(), p, { method: 'POST', headers: { 'Content-Type': type }, body });
const xmlAttr = (xml: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(xml)?.[1];
const rights = (code: string) => `Nu aveti drept in SPV pentru CIF=${code}`;

/** Uploads to e-Factura; the `stare` of stareMesaj once processed (the mock answers at once). */
async function efacturaState(query: string, body: string, op = 'upload'): Promise<string | undefined> {
  const up = await post(ef(`${op}?${query}`), body);
  expect(xmlAttr(up.text, 'ExecutionStatus')).toBe('0');
  const state = await api(mock(), ef(`stareMesaj?id_incarcare=${xmlAttr(up.text, 'index_incarcare')}`));
  return xmlAttr(state.text, 'stare');
}

describe('e-Factura: a CNP is a cif', () => {
  it.each(['upload', 'uploadb2c'])('%s with cif=CNP is taken in and processed ok', async (op) => {
    expect(await efacturaState(`standard=UBL&cif=${CNP}`, sample('invoice-b2c-cnp.xml'), op)).toBe('ok');
  });

  it('both lists answer the CNP’s messages', async () => {
    await efacturaState(`standard=UBL&cif=${CNP}`, sample('invoice-b2c-cnp.xml'));
    const list = await api(mock(), ef(`listaMesajeFactura?zile=1&cif=${CNP}`));
    expect(list.json).toMatchObject({ cui: CNP, mesaje: [expect.objectContaining({ cif: CNP })] });
    const now = Date.now();
    const paged = await api(
      mock(),
      ef(`listaMesajePaginatieFactura?startTime=${now - 3_600_000}&endTime=${now}&cif=${CNP}&pagina=1`),
    );
    expect(paged.json).toMatchObject({ cui: CNP, numar_total_inregistrari: 1 });
  });

  it.each(WRONG)('cif=%s (%s) is refused in ANAF’s words by upload and both lists', async (code) => {
    const up = await post(ef(`upload?standard=UBL&cif=${code}`), sample('invoice-b2c-cnp.xml'));
    expect(xmlAttr(up.text, 'ExecutionStatus')).toBe('1');
    expect(/errorMessage="([^"]*)"/.exec(up.text)?.[1]).toBe(rights(code));
    const list = await api(mock(), ef(`listaMesajeFactura?zile=1&cif=${code}`));
    expect(list.json).toEqual({ eroare: rights(code), titlu: 'Lista Mesaje' });
    const now = Date.now();
    const paged = await api(
      mock(),
      ef(`listaMesajePaginatieFactura?startTime=${now - 3_600_000}&endTime=${now}&cif=${code}&pagina=1`),
    );
    expect(paged.json).toEqual({ eroare: rights(code), titlu: 'Lista Mesaje' });
  });

  it('a seller identified by a CNP passes R_BT_32_cui; a wrong CNP does not', async () => {
    const seller = (code: string) =>
      sample('invoice-ubl.xml').replace(
        '<cbc:CompanyID>RO12345674</cbc:CompanyID>',
        `<cbc:CompanyID>${code}</cbc:CompanyID>`,
      );
    expect(await efacturaState(`standard=UBL&cif=${CNP}`, seller(CNP))).toBe('ok');
    expect(await efacturaState(`standard=UBL&cif=${CNP}`, seller('1000101400016'))).toBe('nok');
    const checked = await post(ef('validare/FACT1'), seller('1000101400016'));
    expect(checked.json.Messages[0].message).toMatch(/R_BT_32_cui: .* \(1000101400016\) $/);
  });
});

describe('the B2C and credit note samples', () => {
  it.each([
    ['invoice-b2c-cnp.xml', 'uploadb2c', 'UBL', 'FACT1'],
    ['invoice-b2c-no-cnp.xml', 'uploadb2c', 'UBL', 'FACT1'],
    ['credit-note-ubl.xml', 'upload', 'CN', 'FCN'],
  ])('%s: %s answers ok, processing ends ok, validare says ok', async (name, op, standard, check) => {
    expect(await efacturaState(`standard=${standard}&cif=${DEMO.cif}`, sample(name), op)).toBe('ok');
    expect((await post(ef(`validare/${check}`), sample(name))).json).toMatchObject({ stare: 'ok' });
  });
});

describe('e-Transport: a CNP declares like a CUI', () => {
  const declaration = (code: string) =>
    sample('etransport.xml').replace(/codDeclarant="\d+"/, `codDeclarant="${code}"`);
  const upload = (cif: string, body: string) => post(et(`upload/ETRANSP/${cif}/2`), body, 'application/xml');

  it('a CNP declarant is ok, listed and found by info', async () => {
    const up = await upload(CNP, declaration(CNP));
    expect(up.json).toMatchObject({ ExecutionStatus: 0 });
    const state = await api(mock(), et(`stareMesaj/${up.json.index_incarcare}`));
    expect(state.json).toMatchObject({ stare: 'ok', ExecutionStatus: 0 });
    const list = await api(mock(), et(`lista/1/${CNP}`));
    expect(list.json.mesaje).toEqual([
      expect.objectContaining({ cod_decl: CNP, stare: 'ok', uit: up.json.UIT }),
    ]);
    const info = await api(mock(), et(`info?cui_op=${CNP}&cui_decl=${CNP}`));
    expect(info.json).toEqual([expect.objectContaining({ uit: up.json.UIT, cod_decl: Number(CNP) })]);
  });

  it.each([...WRONG, ['RO12345674', 'an RO prefix']])(
    'codDeclarant=%s (%s) ends nok in the words of ANAF’s rule BR-002',
    async (code) => {
      const up = await upload(DEMO.cif, declaration(code));
      const state = await api(mock(), et(`stareMesaj/${up.json.index_incarcare}`));
      expect(state.json).toMatchObject({
        stare: 'nok',
        Errors: [
          {
            errorMessage:
              '[BR-002]-Codul de identificare fiscala(CUI, CNP, NIF) al declarantului (BT-1) TREBUIE sa aibe un ' +
              `format valid in Romania(RO) (codDeclarant = ${code}).`,
          },
        ],
      });
    },
  );

  it.each(WRONG)('cif=%s (%s) is refused by upload, lista and info (cui_op)', async (code) => {
    const failed = { ExecutionStatus: 1, Errors: [{ errorMessage: rights(code) }] };
    expect((await upload(code, declaration(DEMO.cif))).json).toMatchObject(failed);
    expect((await api(mock(), et(`lista/1/${code}`))).json).toMatchObject(failed);
    const info = await api(mock(), et(`info?cui_op=${code}`));
    expect(info.json).toEqual({
      trace_id: expect.any(String),
      dateResponse: expect.any(String),
      error: rights(code),
    });
  });
});
