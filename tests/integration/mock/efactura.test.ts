import fs from 'node:fs';
import path from 'node:path';
import { Paths } from '../../../src/anaf';
import { startMock, type MockServer } from '../../../src/mock';
import { at, first } from '../../helpers/checked';
import { bearer, call, DEMO, unzip, useMock, type Answer } from './helpers';

const INVOICE =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" ' +
  'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"><cbc:ID>T-1</cbc:ID></Invoice>\n';
const NOT_INVOICE = '<?xml version="1.0"?><Order><ID>1</ID></Order>';
/** An invoice whose seller VAT id fails the CUI check digit: ANAF's rule R_BT_32_cui refuses it. */
const BAD_SELLER = INVOICE.replace(
  '</Invoice>',
  '<cac:AccountingSupplierParty xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2">' +
    '<cac:Party><cac:PartyTaxScheme><cbc:CompanyID>RO12345678</cbc:CompanyID></cac:PartyTaxScheme></cac:Party>' +
    '</cac:AccountingSupplierParty></Invoice>',
);
/** ANAF's words for R_BT_32_cui (`validare esuata`), for the CUI 12345678. */
const R_BT_32 =
  'E: AccountingSupplierParty (1) sectiune Party (1) sectiune PartyTaxScheme (1) sectiune CompanyID (1)  ' +
  'eroare regula: R_BT_32_cui: Cui vanzator incorect / validare CUI (12345678) ';
const SAMPLE = path.resolve(__dirname, '../../../templates/samples/invoice-ubl.xml');

let now = Date.parse('2026-02-10T12:00:00Z');
const mock = useMock({ now: () => now });
beforeEach(() => {
  now = Date.parse('2026-02-10T12:00:00Z');
});

const ef = (stage: 'prod' | 'test', rest: string) => `${Paths.efactura(stage)}/${rest}`;

function api(m: MockServer, pathAndQuery: string, init: RequestInit = {}): Promise<Answer> {
  const token = m.issueTokens().access_token;
  return call(m, pathAndQuery, { ...init, headers: { ...bearer(token), ...(init.headers ?? {}) } });
}

function upload(
  m: MockServer,
  query: string,
  body: string | Buffer,
  stage: 'prod' | 'test' = 'prod',
  b2c = false,
) {
  return api(m, ef(stage, `${b2c ? 'uploadb2c' : 'upload'}?${query}`), {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain' },
    body,
  });
}

/** Attribute `name` of the root element of an XML answer. */
function attr(xml: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(xml)?.[1];
}

function errorMessage(xml: string): string | undefined {
  return /<Errors errorMessage="([^"]*)"\/>/.exec(xml)?.[1];
}

async function uploaded(
  m: MockServer,
  stage: 'prod' | 'test' = 'prod',
  body = INVOICE,
  cif: string = DEMO.cif,
) {
  const res = await upload(m, `standard=UBL&cif=${cif}`, body, stage);
  return attr(res.text, 'index_incarcare') as string;
}

async function downloadId(m: MockServer, index: string, stage: 'prod' | 'test' = 'prod') {
  const res = await api(m, ef(stage, `stareMesaj?id_incarcare=${index}`));
  return attr(res.text, 'id_descarcare') as string;
}

describe.each(['prod', 'test'] as const)('e-Factura upload on /%s', (stage) => {
  it.each([false, true])('accepts a UBL invoice (b2c: %s)', async (b2c) => {
    const res = await upload(mock(), `standard=UBL&cif=${DEMO.cif}`, INVOICE, stage, b2c);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/xml');
    expect(res.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8" standalone="yes"\?>\n<header /);
    expect(res.text).toContain('xmlns="mfp:anaf:dgti:spv:respUploadFisier:v1"');
    expect(attr(res.text, 'ExecutionStatus')).toBe('0');
    expect(attr(res.text, 'index_incarcare')).toMatch(/^\d+$/);
    expect(attr(res.text, 'dateResponse')).toMatch(/^\d{12}$/);
    expect(errorMessage(res.text)).toBeUndefined();
  });

  it.each([
    ['a bad standard', 'standard=XYZ&cif=12345674', INVOICE, /sunt UBL, CN, CII sau RASP/],
    ['a CIF with RO prefix', 'standard=UBL&cif=RO12345674', INVOICE, /RO12345674 nu este un numar/],
    ['extern=NU', 'standard=UBL&cif=12345674&extern=NU', INVOICE, /parametrul extern .* este DA/],
    ['autofactura=', 'standard=UBL&cif=12345674&autofactura=', INVOICE, /autofacturare .* este DA/],
    ['executare=da', 'standard=UBL&cif=12345674&executare=da', INVOICE, /executare .* este DA/],
  ])('refuses %s with HTTP 200 and ExecutionStatus 1', async (_n, query, body, message) => {
    const res = await upload(mock(), query, body, stage);
    expect(res.status).toBe(200);
    expect(attr(res.text, 'ExecutionStatus')).toBe('1');
    expect(attr(res.text, 'index_incarcare')).toBeUndefined();
    expect(errorMessage(res.text)).toMatch(message);
  });

  it('accepts extern, autofactura and executare set to DA', async () => {
    const res = await upload(
      mock(),
      `standard=UBL&cif=${DEMO.cif}&extern=DA&autofactura=DA&executare=DA`,
      INVOICE,
      stage,
    );
    expect(attr(res.text, 'ExecutionStatus')).toBe('0');
  });

  it.each([
    ['no standard', 'cif=12345674', INVOICE, 'Parametrii standard si cif sunt obligatorii'],
    ['no CIF', 'standard=CII', INVOICE, 'Parametrii standard si cif sunt obligatorii'],
    [
      'an empty body',
      'standard=UBL&cif=12345674',
      '',
      'Trebuie sa aveti atasat in request un fisier de tip xml',
    ],
  ])("answers %s with HTTP 400 JSON in ANAF's words", async (_n, query, body, message) => {
    const res = await upload(mock(), query, body, stage);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      timestamp: expect.stringMatching(/^\d\d-\d\d-\d{4} \d\d:\d\d:\d\d$/),
      status: 400,
      error: 'Bad Request',
      message,
    });
  });
});

describe('e-Factura upload limits and standards', () => {
  it('refuses a file over 10 MB in the body, with HTTP 200', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x20);
    const res = await upload(mock(), `standard=UBL&cif=${DEMO.cif}`, big);
    expect(res.status).toBe(200);
    expect(attr(res.text, 'ExecutionStatus')).toBe('1');
    expect(errorMessage(res.text)).toMatch(/10 MB/);
  });

  it.each(['UBL', 'CN', 'CII', 'RASP'])('accepts standard %s', async (standard) => {
    const res = await upload(mock(), `standard=${standard}&cif=${DEMO.cif}`, INVOICE);
    expect(attr(res.text, 'ExecutionStatus')).toBe('0');
  });

  it.each([false, true])(
    "refuses at once XML whose root no invoice schema declares, in the parser's words (b2c: %s)",
    async (b2c) => {
      const res = await upload(
        mock(),
        `standard=UBL&cif=${DEMO.cif}`,
        '<?xml version="1.0"?>\n<Invoice1 a="1"/>',
        'prod',
        b2c,
      );
      expect(res.status).toBe(200);
      expect(attr(res.text, 'ExecutionStatus')).toBe('1');
      expect(attr(res.text, 'index_incarcare')).toBeUndefined();
      expect(errorMessage(res.text)).toBe(
        'Fisierul transmis nu este valid. org.xml.sax.SAXParseException; lineNumber: 2; columnNumber: 1; ' +
          'cvc-elt.1.a: Cannot find the declaration of element &#39;Invoice1&#39;. ',
      );
    },
  );

  it('takes in a credit note, a CII invoice and any RASP answer', async () => {
    for (const [standard, body] of [
      ['CN', '<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"/>'],
      [
        'CII',
        '<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"/>',
      ],
      ['RASP', NOT_INVOICE],
    ]) {
      const res = await upload(mock(), `standard=${standard ?? ''}&cif=${DEMO.cif}`, body ?? '');
      expect(attr(res.text, 'ExecutionStatus')).toBe('0');
    }
  });

  it('escapes what it echoes into XML attributes', async () => {
    const res = await upload(mock(), `standard=UBL&cif=${encodeURIComponent('"/><x a="')}`, INVOICE);
    expect(errorMessage(res.text)).toContain('&#34;/&#62;&#60;x a=&#34;');
  });

  it('answers GET on upload with 405', async () => {
    expect((await api(mock(), ef('prod', 'upload?standard=UBL&cif=1'))).status).toBe(405);
  });
});

describe('e-Factura stareMesaj', () => {
  it('answers "in prelucrare" for processingPolls polls, then ok with id_descarcare', async () => {
    mock().setOptions({ processingPolls: 2 });
    const index = await uploaded(mock());
    const states: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await api(mock(), ef('prod', `stareMesaj?id_incarcare=${index}`));
      expect(res.text).toContain('xmlns="mfp:anaf:dgti:efactura:stareMesajFactura:v1"');
      states.push(`${attr(res.text, 'stare')}:${attr(res.text, 'id_descarcare') ?? '-'}`);
    }
    expect(states[0]).toBe('in prelucrare:-');
    expect(states[1]).toBe('in prelucrare:-');
    expect(states[2]).toMatch(/^ok:\d+$/);
    expect(states[3]).toBe(states[2]);
  });

  it('is ok at once with the default of 0 polls', async () => {
    const res = await api(mock(), ef('prod', `stareMesaj?id_incarcare=${await uploaded(mock())}`));
    expect(attr(res.text, 'stare')).toBe('ok');
  });

  it('an invoice breaking R_BT_32_cui ends nok, text that is not XML is not taken in', async () => {
    const nok = await api(
      mock(),
      ef('prod', `stareMesaj?id_incarcare=${await uploaded(mock(), 'prod', BAD_SELLER)}`),
    );
    expect(attr(nok.text, 'stare')).toBe('nok');
    expect(attr(nok.text, 'id_descarcare')).toMatch(/^\d+$/);
    const garbage = await api(
      mock(),
      ef('prod', `stareMesaj?id_incarcare=${await uploaded(mock(), 'prod', 'hello')}`),
    );
    expect(attr(garbage.text, 'stare')).toBe('XML cu erori nepreluat de sistem');
    expect(attr(garbage.text, 'id_descarcare')).toBeUndefined();
  });

  it.each([
    ['an unknown id', 'id_incarcare=999'],
    ['a non-numeric id', 'id_incarcare=abc'],
  ])('answers %s with HTTP 200 and Errors', async (_n, query) => {
    const res = await api(mock(), ef('prod', `stareMesaj?${query}`));
    expect(res.status).toBe(200);
    expect(errorMessage(res.text)).toBeDefined();
    expect(attr(res.text, 'stare')).toBeUndefined();
  });

  it('keeps /prod and /test apart', async () => {
    const index = await uploaded(mock(), 'prod');
    const res = await api(mock(), ef('test', `stareMesaj?id_incarcare=${index}`));
    expect(errorMessage(res.text)).toBeDefined();
  });
});

describe('e-Factura listaMesajeFactura', () => {
  const list = (query: string, stage: 'prod' | 'test' = 'prod') =>
    api(mock(), ef(stage, `listaMesajeFactura?${query}`));

  it('says there are no messages as an eroare body', async () => {
    const res = await list(`zile=5&cif=${DEMO.cif}`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ eroare: 'Nu exista mesaje in ultimele 5 zile', titlu: 'Lista Mesaje' });
  });

  it("lists this CIF's processed uploads, newest first", async () => {
    const first = await uploaded(mock());
    now += 60_000;
    const second = await uploaded(mock());
    await uploaded(mock(), 'prod', INVOICE, '999');
    const res = await list(`zile=1&cif=${DEMO.cif}`);
    expect(res.json).toEqual({
      mesaje: [
        expect.objectContaining({ id_solicitare: second }),
        expect.objectContaining({ id_solicitare: first }),
      ],
      serial: expect.any(String),
      cui: DEMO.cif,
      titlu: expect.stringContaining('1 zile'),
    });
    expect(res.json.mesaje[0]).toEqual({
      data_creare: expect.stringMatching(/^\d{12}$/),
      cif: DEMO.cif,
      id_solicitare: second,
      detalii: expect.stringContaining(second),
      tip: 'FACTURA TRIMISA',
      id: await downloadId(mock(), second),
    });
  });

  it('leaves out uploads still in processing and those older than zile', async () => {
    await uploaded(mock());
    now += 3 * 86_400_000;
    mock().setOptions({ processingPolls: 1 });
    await uploaded(mock());
    const res = await list(`zile=2&cif=${DEMO.cif}`);
    expect(res.json.eroare).toBe('Nu exista mesaje in ultimele 2 zile');
    expect((await list(`zile=4&cif=${DEMO.cif}`)).json.mesaje).toHaveLength(1);
  });

  it('filters with filtru: T sent, E errors, P received', async () => {
    await uploaded(mock());
    await uploaded(mock(), 'prod', BAD_SELLER);
    expect((await list(`zile=1&cif=${DEMO.cif}`)).json.mesaje).toHaveLength(2);
    const sent = (await list(`zile=1&cif=${DEMO.cif}&filtru=T`)).json.mesaje;
    expect(sent.map((m: { tip: string }) => m.tip)).toEqual(['FACTURA TRIMISA']);
    const errors = (await list(`zile=1&cif=${DEMO.cif}&filtru=E`)).json.mesaje;
    expect(errors.map((m: { tip: string }) => m.tip)).toEqual(['ERORI FACTURA']);
    expect((await list(`zile=1&cif=${DEMO.cif}&filtru=P`)).json.eroare).toMatch(/Nu exista mesaje/);
  });

  it.each([
    ['zile=0', `zile=0&cif=${DEMO.cif}`, /intre 1 si 60/],
    ['zile=61', `zile=61&cif=${DEMO.cif}`, /intre 1 si 60/],
    ['zile=abc', `zile=abc&cif=${DEMO.cif}`, /^Numarul de zile introdus= abc nu este un numar intreg$/],
    ['a non-numeric CIF', 'zile=5&cif=RO1', /nu este un numar/],
    ['a bad filtru', `zile=5&cif=${DEMO.cif}&filtru=X`, /filtru/],
  ])('answers %s with eroare in a 200', async (_n, query, message) => {
    const res = await list(query);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ eroare: expect.stringMatching(message), titlu: 'Lista Mesaje' });
  });

  it('keeps /prod and /test apart', async () => {
    await uploaded(mock(), 'test');
    expect((await list(`zile=1&cif=${DEMO.cif}`, 'prod')).json.eroare).toBeDefined();
    expect((await list(`zile=1&cif=${DEMO.cif}`, 'test')).json.mesaje).toHaveLength(1);
  });
});

describe('e-Factura listaMesajePaginatieFactura', () => {
  const page = (q: Record<string, string | number>) =>
    api(
      mock(),
      ef('prod', `listaMesajePaginatieFactura?${new URLSearchParams(q as Record<string, string>)}`),
    );
  const window = () => ({ startTime: now - 86_400_000, endTime: now, cif: DEMO.cif, pagina: 1 });

  it('answers the paginated shape', async () => {
    const index = await uploaded(mock());
    const res = await page(window());
    expect(res.json).toEqual({
      mesaje: [expect.objectContaining({ id_solicitare: index, tip: 'FACTURA TRIMISA' })],
      numar_inregistrari_in_pagina: 1,
      numar_total_inregistrari_per_pagina: 500,
      numar_total_inregistrari: 1,
      numar_total_pagini: 1,
      index_pagina_curenta: 1,
      serial: expect.any(String),
      cui: DEMO.cif,
      titlu: expect.stringMatching(/^Lista Mesaje disponibile din intervalul \d\d-\d\d-\d{4} /),
    });
  });

  it.each([
    ['a start older than 60 days', { startTime: -61 * 86_400_000 }, /60 de zile/],
    ['an end in the future', { endTime: 1000 }, /viitor/],
    ['start after end', { startTime: -1000, endTime: -2000 }, /^endTime = .* nu poate fi <= startTime = /],
    ['end equal to start', { startTime: -1000, endTime: -1000 }, /nu poate fi <= startTime/],
    ['a non-numeric start', { startTime: 'x' }, /startTime/],
    ['page 0', { pagina: 0 }, /pagina/],
    ['a page past the end', { pagina: 2 }, /mai mare decat numarul toatal de pagini 1/],
  ])('answers %s with eroare', async (_n, change, message) => {
    await uploaded(mock());
    const q: Record<string, string | number> = { ...window() };
    for (const [k, v] of Object.entries(change)) q[k] = typeof v === 'number' && k !== 'pagina' ? now + v : v;
    const res = await page(q);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ eroare: expect.stringMatching(message), titlu: 'Lista Mesaje' });
  });

  it('pages past 500 messages; the plain list then points to pagination', async () => {
    for (let i = 0; i < 501; i++) await uploaded(mock());
    const first = (await page(window())).json;
    expect(first.numar_inregistrari_in_pagina).toBe(500);
    expect(first.numar_total_inregistrari).toBe(501);
    expect(first.numar_total_pagini).toBe(2);
    const second = (await page({ ...window(), pagina: 2 })).json;
    expect(second.mesaje).toHaveLength(1);
    expect(second.index_pagina_curenta).toBe(2);
    const plain = await api(mock(), ef('prod', `listaMesajeFactura?zile=1&cif=${DEMO.cif}`));
    expect(plain.json.eroare).toMatch(/500/);
  });

  it('listPageSize (tests) makes pages of fewer messages, in both lists; beyond ANAF’s 500 it is refused', async () => {
    const small = await startMock({ port: 0, now: () => now, listPageSize: 2 });
    try {
      for (let i = 0; i < 5; i++) await uploaded(small);
      const q = new URLSearchParams({ ...window(), pagina: '3' } as unknown as Record<string, string>);
      const third = (await api(small, ef('prod', `listaMesajePaginatieFactura?${q}`))).json;
      expect([third.numar_total_pagini, third.numar_inregistrari_in_pagina]).toEqual([3, 1]);
      expect(third.numar_total_inregistrari_per_pagina).toBe(2);
      const plain = await api(small, ef('prod', `listaMesajeFactura?zile=1&cif=${DEMO.cif}`));
      expect(plain.json.eroare).toMatch(/numarul de 2 elemente/);
    } finally {
      await small.close();
    }
    for (const listPageSize of [0, 501, 2.5]) {
      await expect(startMock({ port: 0, listPageSize })).rejects.toThrow(/listPageSize/);
    }
  });
});

describe('e-Factura descarcare', () => {
  async function download(m: MockServer, id: string, stage: 'prod' | 'test' = 'prod') {
    const token = m.issueTokens().access_token;
    const res = await fetch(`${m.url}${ef(stage, `descarcare?id=${id}`)}`, { headers: bearer(token) });
    return { res, bytes: Buffer.from(await res.arrayBuffer()) };
  }

  it.each(['prod', 'test'] as const)(
    'answers a real ZIP with I.xml and semnatura_I.xml (I the upload index, as ANAF names them) on /%s',
    async (stage) => {
      const index = await uploaded(mock(), stage);
      const id = await downloadId(mock(), index, stage);
      const { res, bytes } = await download(mock(), id, stage);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/zip');
      expect(bytes.readUInt32LE(0)).toBe(0x04034b50);
      const entries = unzip(bytes);
      expect(entries.map((e) => e.name)).toEqual([`${index}.xml`, `semnatura_${index}.xml`]);
      expect(at(entries, 0).data.toString('utf8')).toBe(INVOICE);
      expect(at(entries, 1).data.toString('utf8')).toContain(
        '<Signature xmlns="http://www.w3.org/2000/09/xmldsig#">',
      );
    },
  );

  it('a rejected invoice downloads its error details, in the words of the rule it broke', async () => {
    const id = await downloadId(mock(), await uploaded(mock(), 'prod', BAD_SELLER));
    const message = first(unzip((await download(mock(), id)).bytes));
    expect(message.data.toString('utf8')).toContain('<Error errorMessage="E: AccountingSupplierParty (1)');
    expect(message.data.toString('utf8')).toContain(
      'R_BT_32_cui: Cui vanzator incorect / validare CUI (12345678)',
    );
  });

  it.each([
    ['an unknown id', '12345'],
    ['a non-numeric id', 'abc'],
  ])('answers %s with a JSON eroare instead of a ZIP', async (_n, id) => {
    const { res, bytes } = await download(mock(), id);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(JSON.parse(bytes.toString())).toEqual({ eroare: expect.any(String), titlu: 'Descarcare mesaj' });
  });

  it('an upload index is not a download id', async () => {
    const index = await uploaded(mock());
    const { res } = await download(mock(), index);
    expect(res.headers.get('content-type')).toContain('application/json');
  });
});

describe('e-Factura validare and transformare', () => {
  const post = (rest: string, body: string, stage: 'prod' | 'test' = 'prod') =>
    api(mock(), ef(stage, rest), { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body });

  it.each(['FACT1', 'FCN'] as const)(
    'validare/%s on /prod: ok for an invoice, as documented (no Messages)',
    async (standard) => {
      const res = await post(`validare/${standard}`, INVOICE);
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ stare: 'ok', trace_id: expect.any(String) });
    },
  );

  it.each(['validare/FACT1', 'transformare/FACT1', 'transformare/FACT1/DA'])(
    '%s exists on prod only: /test answers 404 JSON',
    async (rest) => {
      const res = await post(rest, INVOICE, 'test');
      expect(res.status).toBe(404);
      expect(res.json).toEqual({
        timestamp: expect.any(String),
        status: 404,
        error: 'Not Found',
        path: ef('test', rest),
      });
    },
  );

  it.each(['validare/FACT1', 'transformare/FACT1', 'transformare/FACT1/DA'])(
    "%s refuses a file over 5 MB in ANAF's words",
    async (rest) => {
      const big = `${INVOICE}${' '.repeat(5 * 1024 * 1024)}`;
      const res = await post(rest, big);
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({
        stare: 'nok',
        Messages: [{ message: 'Marime fisier transmis mai mare de 5 MB.' }],
      });
    },
  );

  it.each([
    ['not an invoice', 'validare/FACT1', NOT_INVOICE],
    ['an empty body', 'validare/FACT1', ''],
    ['an unknown standard', 'validare/XYZ', INVOICE],
  ])('validare: nok for %s, in a 200', async (_n, rest, body) => {
    const res = await post(rest, body);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ stare: 'nok', Messages: [{ message: expect.any(String) }] });
  });

  it.each(['validare/FACT1', 'transformare/FACT1'])(
    "%s: nok for a seller VAT id failing the CUI check, in ANAF's words (R_BT_32_cui)",
    async (rest) => {
      const res = await post(rest, BAD_SELLER);
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ stare: 'nok', Messages: [{ message: R_BT_32 }] });
    },
  );

  it('transformare/…/DA converts an invoice breaking R_BT_32_cui (no validation)', async () => {
    const res = await post('transformare/FACT1/DA', BAD_SELLER);
    expect(res.headers.get('content-type')).toBe('application/pdf');
  });

  (fs.existsSync(SAMPLE) ? it : it.skip)("validare accepts the collection's own UBL sample", async () => {
    const res = await post('validare/FACT1', fs.readFileSync(SAMPLE, 'utf8'));
    expect(res.json.stare).toBe('ok');
  });

  async function pdf(rest: string, body: string) {
    const token = mock().issueTokens().access_token;
    const res = await fetch(`${mock().url}${ef('prod', rest)}`, {
      method: 'POST',
      headers: bearer(token),
      body,
    });
    return { res, bytes: Buffer.from(await res.arrayBuffer()) };
  }

  it.each(['transformare/FACT1', 'transformare/FCN', 'transformare/FACT1/DA'])(
    '%s answers a valid PDF',
    async (rest) => {
      const { res, bytes } = await pdf(rest, INVOICE);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      const text = bytes.toString('latin1');
      expect(text.startsWith('%PDF-1.4\n')).toBe(true);
      expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
      const startxref = Number(/startxref\n(\d+)\n/.exec(text)?.[1]);
      expect(text.slice(startxref, startxref + 4)).toBe('xref');
      // Every object offset in the cross-reference table points at "N 0 obj".
      const offsets = [...text.matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
      expect(offsets).toHaveLength(5);
      offsets.forEach((o, i) => expect(text.slice(o).startsWith(`${i + 1} 0 obj`)).toBe(true));
      expect(text).toContain('(Factura: T-1) Tj');
    },
  );

  it('transformare answers JSON nok for XML that is not an invoice', async () => {
    const { res, bytes } = await pdf('transformare/FACT1', NOT_INVOICE);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(JSON.parse(bytes.toString())).toMatchObject({
      stare: 'nok',
      Messages: [{ message: expect.any(String) }],
    });
  });

  it('transformare/…/DA skips validation', async () => {
    const { res } = await pdf('transformare/FCN/DA', NOT_INVOICE);
    expect(res.headers.get('content-type')).toBe('application/pdf');
  });
});

describe('e-Factura with a real clock', () => {
  it('dateResponse is Romania local time', async () => {
    const m = await startMock({ port: 0, now: () => Date.parse('2026-07-01T09:30:00Z') });
    try {
      const res = await upload(m, 'standard=UBL&cif=1', INVOICE);
      expect(attr(res.text, 'dateResponse')).toBe('202607011230');
    } finally {
      await m.close();
    }
  });
});
