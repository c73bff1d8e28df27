/**
 * The mock against ANAF's published contracts: missing parameters (HTTP 400 JSON in ANAF's words),
 * daily quotas, downloads older than 60 days, e-Transport processing states, the signature check,
 * the firewall-page fault.
 */
import { DAILY_QUOTAS, Paths } from '../../../src/anaf';
import type { MockServer } from '../../../src/mock';
import { defined } from '../../helpers/checked';
import { bearer, call, DEMO, unzip, useMock, type Answer } from './helpers';

const INVOICE =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" ' +
  'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"><cbc:ID>T-1</cbc:ID></Invoice>\n';
const DECLARATION = (codDeclarant: string, inner = '<notificare codTipOperatiune="30"/>') =>
  `<?xml version="1.0"?>\n<eTransport xmlns="mfp:anaf:dgti:eTransport:declaratie:v2" codDeclarant="${codDeclarant}">${inner}</eTransport>`;

let now = Date.parse('2026-02-10T12:00:00Z');
const mock = useMock({ now: () => now });
beforeEach(() => {
  now = Date.parse('2026-02-10T12:00:00Z');
});

const ef = (rest: string) => `${Paths.efactura('prod')}/${rest}`;
const et = (rest: string) => `${Paths.etransport('prod')}/${rest}`;

function api(m: MockServer, p: string, init: RequestInit = {}): Promise<Answer> {
  return call(m, p, {
    ...init,
    headers: { ...bearer(m.issueTokens().access_token), ...(init.headers ?? {}) },
  });
}

const post = (m: MockServer, p: string, body: string) =>
  api(m, p, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body });

async function uploaded(m: MockServer, standard = 'UBL'): Promise<string> {
  const res = await post(m, ef(`upload?standard=${standard}&cif=${DEMO.cif}`), INVOICE);
  return defined(/index_incarcare="(\d+)"/.exec(res.text)?.[1], `index_incarcare in ${res.text}`);
}

async function downloadIdOf(m: MockServer, index: string): Promise<string> {
  const res = await api(m, ef(`stareMesaj?id_incarcare=${index}`));
  return defined(/id_descarcare="(\d+)"/.exec(res.text)?.[1], `id_descarcare in ${res.text}`);
}

describe('a missing required parameter is HTTP 400 JSON in ANAF’s words', () => {
  it.each([
    ['stareMesaj', 'stareMesaj', 'Parametrul id_incarcare este obligatoriu'],
    ['descarcare', 'descarcare', 'Parametrul id este obligatoriu'],
    [
      'listaMesajeFactura without cif',
      'listaMesajeFactura?zile=5',
      'Parametrii zile si cif sunt obligatorii',
    ],
    [
      'listaMesajePaginatieFactura without pagina',
      'listaMesajePaginatieFactura?startTime=1&endTime=2&cif=1',
      'Parametrii startTime, endTime, cif si pagina sunt obligatorii',
    ],
  ])('%s', async (_n, rest, message) => {
    const res = await api(mock(), ef(rest));
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      timestamp: expect.stringMatching(/^\d\d-\d\d-\d{4} \d\d:\d\d:\d\d$/),
      status: 400,
      error: 'Bad Request',
      message,
    });
  });

  it('a wrong e-Transport path is 404 JSON with the path', async () => {
    const res = await api(mock(), et('stareMesaj/'));
    expect(res.status).toBe(404);
    expect(res.json).toEqual({
      timestamp: expect.any(String),
      status: 404,
      error: 'Not Found',
      path: et('stareMesaj/'),
    });
  });
});

describe('daily quotas, in ANAF’s words, reset the next day', () => {
  it(`descarcare: ${DAILY_QUOTAS.downloadsPerMessage} downloads of one message a day`, async () => {
    const id = await downloadIdOf(mock(), await uploaded(mock()));
    for (let i = 0; i < DAILY_QUOTAS.downloadsPerMessage; i++) {
      const res = await api(mock(), ef(`descarcare?id=${id}`));
      expect(res.headers.get('content-type')).toBe('application/zip');
    }
    const refused = await api(mock(), ef(`descarcare?id=${id}`));
    expect(refused.json).toEqual({
      eroare: 'S-au facut deja 10 descarcari de mesaj in cursul zilei',
      titlu: 'Descarcare mesaj',
    });
    now += 86_400_000;
    expect((await api(mock(), ef(`descarcare?id=${id}`))).headers.get('content-type')).toBe(
      'application/zip',
    );
  });

  it(`stareMesaj: ${DAILY_QUOTAS.statusPerMessage} polls of one upload a day`, async () => {
    const index = await uploaded(mock());
    for (let i = 0; i < DAILY_QUOTAS.statusPerMessage; i++)
      await api(mock(), ef(`stareMesaj?id_incarcare=${index}`));
    const refused = await api(mock(), ef(`stareMesaj?id_incarcare=${index}`));
    expect(refused.text).toContain(
      '<Errors errorMessage="S-au facut deja 100 descarcari de mesaj in cursul zilei"/>',
    );
  });

  it('listaMesajeFactura: the plain list per CIF a day', async () => {
    for (let i = 0; i < DAILY_QUOTAS.listPerCui; i++)
      await api(mock(), ef(`listaMesajeFactura?zile=1&cif=${DEMO.cif}`));
    const refused = await api(mock(), ef(`listaMesajeFactura?zile=1&cif=${DEMO.cif}`));
    expect(refused.json.eroare).toBe(
      `S-au facut deja ${DAILY_QUOTAS.listPerCui} interogari de lista mesaje de catre utilizator in cursul zilei`,
    );
  });

  it('e-Transport stareMesaj: 100 checks of one upload a day', async () => {
    const up = await api(mock(), et(`upload/ETRANSP/${DEMO.cif}/2`), {
      method: 'POST',
      body: DECLARATION(DEMO.cif),
    });
    const id = up.json.index_incarcare as number;
    for (let i = 0; i < DAILY_QUOTAS.statusPerMessage; i++) await api(mock(), et(`stareMesaj/${id}`));
    const refused = await api(mock(), et(`stareMesaj/${id}`));
    expect(refused.json.Errors).toEqual([
      { errorMessage: 'S-au facut deja 100 de verificari, pentru id-incarcare solicitat, in cursul zilei' },
    ]);
  });
});

describe('e-Factura retention', () => {
  it('a download older than 60 days answers eroare; the message is no longer downloadable', async () => {
    const id = await downloadIdOf(mock(), await uploaded(mock()));
    now += 61 * 86_400_000;
    const res = await api(mock(), ef(`descarcare?id=${id}`));
    expect(res.json).toEqual({
      // ANAF's production words (tests/fixtures/anaf/README.md).
      eroare:
        'Fisierul nu mai poate fi descarcat pentru ca a trecut perioada de 60 de zile in care este disponibil',
      titlu: 'Descarcare mesaj',
    });
  });

  it('the paginated list refuses an endTime even a second in the future', async () => {
    const q = new URLSearchParams({
      startTime: String(now - 1000),
      endTime: String(now + 1000),
      cif: DEMO.cif,
      pagina: '1',
    });
    const res = await api(mock(), ef(`listaMesajePaginatieFactura?${q}`));
    // ANAF's clock in Romania's wall time (UTC+2 in February), appended after the refused endTime.
    expect(res.json.eroare).toBe(
      'endTime = 10-02-2026 14:00:01 nu poate in viitor fata de momentul requestului = 10-02-2026 14:00:00',
    );
  });
});

describe('e-Transport processing states', () => {
  async function states(codDeclarant: string, inner?: string) {
    mock().setOptions({ processingPolls: 1 });
    const up = await api(mock(), et(`upload/ETRANSP/${DEMO.cif}/2`), {
      method: 'POST',
      body: DECLARATION(codDeclarant, inner),
    });
    const id = up.json.index_incarcare as number;
    const first = (await api(mock(), et(`stareMesaj/${id}`))).json;
    const second = (await api(mock(), et(`stareMesaj/${id}`))).json;
    const list = (await api(mock(), et(`lista/1/${DEMO.cif}`))).json;
    return { first, second, item: list.mesaje[0] };
  }

  it('in prelucrare, then ok', async () => {
    const { first, second, item } = await states(DEMO.cif);
    expect(first).toMatchObject({ stare: 'in prelucrare', ExecutionStatus: 0 });
    expect(second).toMatchObject({ stare: 'ok', ExecutionStatus: 0 });
    expect(item).toMatchObject({ stare: 'ok', sursa: 'A', tip: 'NOTIFICARE' });
  });

  it('nok with Errors for a declarant CUI failing the check digit; the list carries mesaje', async () => {
    const { second, item } = await states('12345678');
    expect(second).toMatchObject({
      stare: 'nok',
      ExecutionStatus: 1,
      Errors: [{ errorMessage: expect.any(String) }],
    });
    expect(item).toMatchObject({
      stare: 'nok',
      mesaje: [{ tip: 'ERR', mesaj: expect.stringContaining('12345678') }],
    });
  });

  it('"XML cu erori nepreluat de sistem" for a declaration with nothing declared', async () => {
    const { second } = await states(DEMO.cif, '');
    expect(second).toMatchObject({ stare: 'XML cu erori nepreluat de sistem', ExecutionStatus: 0 });
  });

  it('refuses a file over 5 MB', async () => {
    const big = DECLARATION(DEMO.cif).replace('<notificare', `${' '.repeat(5 * 1024 * 1024)}<notificare`);
    const res = await api(mock(), et(`upload/ETRANSP/${DEMO.cif}/2`), { method: 'POST', body: big });
    expect(res.json).toMatchObject({
      ExecutionStatus: 1,
      Errors: [{ errorMessage: 'Marime fisier transmis mai mare de 5 MB' }],
    });
  });
});

describe('the signature check (POST /api/validate/signature, multipart)', () => {
  async function check(file: Buffer | undefined, signature: Buffer | undefined) {
    const form = new FormData();
    if (file) form.append('file', new Blob([file]), 'factura.xml');
    if (signature) form.append('signature', new Blob([signature]), 'semnatura.xml');
    return api(mock(), '/api/validate/signature', { method: 'POST', body: form });
  }

  async function downloaded() {
    const id = await downloadIdOf(mock(), await uploaded(mock()));
    const token = mock().issueTokens().access_token;
    const res = await fetch(`${mock().url}${ef(`descarcare?id=${id}`)}`, { headers: bearer(token) });
    const entries = unzip(Buffer.from(await res.arrayBuffer()));
    const invoice = entries.find((e) => !e.name.startsWith('semnatura'))!.data;
    const signature = entries.find((e) => e.name.startsWith('semnatura'))!.data;
    return { invoice, signature };
  }

  it('validates the signature of a downloaded message', async () => {
    const { invoice, signature } = await downloaded();
    const res = await check(invoice, signature);
    expect(res.status).toBe(200);
    expect(res.json.msg).toMatch(/au fost validate cu succes/);
  });

  it('refuses a signature of another file, with HTTP 200', async () => {
    const { signature } = await downloaded();
    const res = await check(Buffer.from(INVOICE.replace('T-1', 'T-2')), signature);
    expect(res.status).toBe(200);
    expect(res.json.msg).toMatch(/NU au putut fi validate/);
  });

  it('a missing part is HTTP 400 with msg', async () => {
    const res = await check(Buffer.from(INVOICE), undefined);
    expect(res.status).toBe(400);
    expect(res.json.msg).toMatch(/cel puțin unul din documente NU a fost încărcat/);
  });
});

describe('the firewall page fault', () => {
  it('answers 200 text/html with ANAF’s support ID', async () => {
    mock().script(ef('stareMesaj'), { firewallSupportId: '1234567890123456789' });
    const res = await api(mock(), ef('stareMesaj?id_incarcare=1'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.text).toMatch(/The requested URL was rejected[\s\S]*Your support ID is: 1234567890123456789/);
  });

  it('refuses a support ID that is not digits', () => {
    expect(() => mock().script('*', { firewallSupportId: 'x' as string })).toThrow(/firewallSupportId/);
  });
});
