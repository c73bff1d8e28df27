/**
 * The mock's received traffic (`received` option): what other taxpayers filed for a CIF, listed
 * 500 per page as ANAF pages them and downloaded as ANAF's ZIPs.
 */
import { MOCK_DEMO_CLIENT, Paths, isTaxpayerCode, DOWNLOAD_EXPIRED } from '../../../src/anaf';
import type { MockServer } from '../../../src/mock';
import { receivedTraffic } from '../../../src/mock/received';
import { startTestMock } from '../../helpers/mock';
import { bearer, call, unzip, type Answer } from './helpers';

const CIF = MOCK_DEMO_CLIENT.cif;
const DAY = 86_400_000;
let now = Date.parse('2026-03-01T10:00:00Z');
let mock: MockServer;

beforeAll(async () => {
  mock = await startTestMock({ now: () => now, received: { count: 1200, seed: 7 } });
});
afterAll(() => mock.close());

function api(pathAndQuery: string): Promise<Answer> {
  return call(mock, pathAndQuery, { headers: bearer(mock.issueTokens().access_token) });
}

function page(pagina: number, filtru?: string, startTime = now - 60 * DAY + 60_000) {
  const q = new URLSearchParams({
    startTime: String(startTime),
    endTime: String(now - 1000),
    cif: CIF,
    pagina: String(pagina),
  });
  if (filtru) q.set('filtru', filtru);
  return api(`${Paths.efactura('prod')}/listaMesajePaginatieFactura?${q}`);
}

async function download(id: string): Promise<{ type: string; bytes: Buffer }> {
  const res = await fetch(`${mock.url}${Paths.efactura('prod')}/descarcare?id=${id}`, {
    headers: bearer(mock.issueTokens().access_token),
  });
  return { type: res.headers.get('content-type') ?? '', bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('received traffic', () => {
  it('is the same for the same seed and count, and another for another seed', () => {
    const a = receivedTraffic({ count: 50, seed: 3 }, now);
    const b = receivedTraffic({ count: 50, seed: 3 }, now);
    const c = receivedTraffic({ count: 50, seed: 4 }, now);
    expect(a).toEqual(b);
    expect(c.map((m) => m.id)).not.toEqual(a.map((m) => m.issuer));
    expect(c.map((m) => m.doc.number)).not.toEqual(a.map((m) => m.doc.number));
  });

  it('spreads over the last 60 days, from suppliers with valid CUIs, with credit notes and every kind', () => {
    const all = receivedTraffic({ count: 1200, seed: 7 }, now);
    expect(all.filter((m) => m.kind === 'P')).toHaveLength(1200);
    for (const kind of ['E', 'R', 'T'] as const) expect(all.some((m) => m.kind === kind)).toBe(true);
    expect(all.filter((m) => m.kind === 'P' && m.doc.creditNote).length).toBeGreaterThan(60);
    for (const m of all) {
      expect(m.createdAt).toBeGreaterThan(now - 60 * DAY);
      expect(m.createdAt).toBeLessThan(now);
      expect(isTaxpayerCode(m.issuer)).toBe(true);
    }
    const days = new Set(all.map((m) => new Date(m.createdAt).toISOString().slice(0, 10)));
    expect(days.size).toBeGreaterThanOrEqual(59);
    expect(new Set(all.map((m) => m.id)).size).toBe(all.length);
  });

  it('lists 500 per page, as ANAF pages them, every received invoice once', async () => {
    const pages = [await page(1, 'P'), await page(2, 'P'), await page(3, 'P')];
    expect(pages.map((p) => p.json.mesaje.length)).toEqual([500, 500, 200]);
    expect(pages[0]?.json).toMatchObject({
      numar_inregistrari_in_pagina: 500,
      numar_total_inregistrari_per_pagina: 500,
      numar_total_inregistrari: 1200,
      numar_total_pagini: 3,
      index_pagina_curenta: 1,
      titlu: expect.stringMatching(/^Lista Mesaje disponibile din intervalul /),
    });
    const ids = pages.flatMap((p) => p.json.mesaje.map((m: { id: string }) => m.id));
    expect(new Set(ids).size).toBe(1200);
    const item = pages[0]?.json.mesaje[0];
    expect(item).toEqual({
      data_creare: expect.stringMatching(/^\d{12}$/),
      cif: CIF,
      id_solicitare: expect.stringMatching(/^\d+$/),
      detalii: expect.stringMatching(
        /^Factura cu id_incarcare=\d+ emisa de cif_emitent=\d+ pentru cif_beneficiar=12345674$/,
      ),
      tip: 'FACTURA PRIMITA',
      id: expect.stringMatching(/^\d+$/),
    });
    // Every code the certificate may act for, comma-separated, the CIF asked for first.
    expect(pages[0]?.json.cui).toMatch(/^12345674(,\d+)+$/);
    expect((await page(4, 'P')).json.eroare).toBe(
      'Pagina solicitata 4 este mai mare decat numarul toatal de pagini 3',
    );
  });

  it('filters E errors, R buyer messages, T sent; none lists everything', async () => {
    const types = async (filtru?: string) =>
      new Set(((await page(1, filtru)).json.mesaje as { tip: string }[]).map((m) => m.tip));
    expect(await types('E')).toEqual(new Set(['ERORI FACTURA']));
    expect(await types('R')).toEqual(new Set(['MESAJ CUMPARATOR PRIMIT / MESAJ CUMPARATOR TRANSMIS']));
    expect(await types('T')).toEqual(new Set(['FACTURA TRIMISA']));
    expect((await page(1)).json.numar_total_inregistrari).toBeGreaterThan(1200);
  });

  it('downloads a ZIP named as ANAF names it: the upload index, not the download id', async () => {
    const item = (await page(1, 'P')).json.mesaje[3] as { id: string; id_solicitare: string };
    const { type, bytes } = await download(item.id);
    expect(type).toBe('application/zip');
    const entries = unzip(bytes);
    expect(entries.map((e) => e.name)).toEqual([
      `${item.id_solicitare}.xml`,
      `semnatura_${item.id_solicitare}.xml`,
    ]);
    expect(entries[0]?.data.toString()).toMatch(/<(Invoice|CreditNote) xmlns=/);
    expect((await download(item.id)).bytes.equals(bytes)).toBe(true);
  });

  it("an error message's ZIP holds ANAF's error document", async () => {
    const item = (await page(1, 'E')).json.mesaje[0] as { id: string; id_solicitare: string };
    const [message] = unzip((await download(item.id)).bytes);
    expect(message?.data.toString()).toContain('<header xmlns="mfp:anaf:dgti:efactura:mesajEroriFactuta:v1"');
    expect(message?.data.toString()).toContain('<Error errorMessage="E: validari globale');
  });

  it('past 60 days a message leaves the lists and its download answers as ANAF does', async () => {
    const oldest = (await page(3, 'P')).json.mesaje.at(-1) as { id: string };
    const before = now;
    now += 2 * DAY;
    try {
      const start = now - 60 * DAY + 60_000;
      const pages = [await page(1, 'P', start), await page(2, 'P', start), await page(3, 'P', start)];
      const ids = pages.flatMap((p) => (p.json.mesaje ?? []).map((m: { id: string }) => m.id));
      expect(ids.length).toBeLessThan(1200);
      expect(ids).not.toContain(oldest.id);
      const { type, bytes } = await download(oldest.id);
      expect(type).toContain('application/json');
      expect(JSON.parse(bytes.toString())).toEqual({ eroare: DOWNLOAD_EXPIRED, titlu: 'Descarcare mesaj' });
    } finally {
      now = before;
    }
  });
});
