import fs from 'node:fs';
import path from 'node:path';
import { Paths } from '../../../src/anaf';
import type { MockServer } from '../../../src/mock';
import { bearer, call, DEMO, useMock, type Answer } from './helpers';

const DECLARATION =
  '<?xml version="1.0" encoding="UTF-8"?>\n<eTransport xmlns="mfp:anaf:dgti:eTransport:declaratie:v2" ' +
  'codDeclarant="12345674" refDeclarant="REF-7"><notificare codTipOperatiune="30"/></eTransport>\n';
const SAMPLE = path.resolve(__dirname, '../../../templates/samples/etransport.xml');

let now = Date.parse('2026-02-10T12:00:00Z');
const mock = useMock({ now: () => now });
beforeEach(() => {
  now = Date.parse('2026-02-10T12:00:00Z');
});

const et = (stage: 'prod' | 'test', rest: string) => `${Paths.etransport(stage)}/${rest}`;

function api(m: MockServer, p: string, init: RequestInit = {}): Promise<Answer> {
  return call(m, p, {
    ...init,
    headers: { ...bearer(m.issueTokens().access_token), ...(init.headers ?? {}) },
  });
}

function upload(m: MockServer, cif: string, body: string, stage: 'prod' | 'test' = 'prod') {
  return api(m, et(stage, `upload/ETRANSP/${cif}/2`), {
    method: 'POST',
    headers: { 'Content-Type': 'application/xml' },
    body,
  });
}

const failure = (message: RegExp) => ({
  ExecutionStatus: 1,
  Errors: [{ errorMessage: expect.stringMatching(message) }],
  dateResponse: expect.stringMatching(/^\d{12}$/),
  trace_id: expect.any(String),
});

describe.each(['prod', 'test'] as const)('e-Transport on /%s', (stage) => {
  it('upload answers index_incarcare, UIT and ref_declarant', async () => {
    const res = await upload(mock(), DEMO.cif, DECLARATION, stage);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      dateResponse: expect.stringMatching(/^\d{12}$/),
      ExecutionStatus: 0,
      index_incarcare: expect.any(Number),
      UIT: expect.stringMatching(/^[0-9A-Z]{16}$/),
      trace_id: expect.any(String),
      ref_declarant: 'REF-7',
    });
  });

  it.each([
    ['a non-numeric CIF', 'RO123', DECLARATION, /nu este un numar/],
    ['an empty body', DEMO.cif, '', /niciun fisier/],
    ['a body that is not XML', DEMO.cif, 'hello', /XML/],
  ])('upload refuses %s with ExecutionStatus 1 in a 200', async (_n, cif, body, message) => {
    const res = await upload(mock(), cif, body, stage);
    expect(res.status).toBe(200);
    expect(res.json).toEqual(failure(message));
  });

  it('stareMesaj answers ok for a known upload and Errors for an unknown one', async () => {
    const { index_incarcare: index } = (await upload(mock(), DEMO.cif, DECLARATION, stage)).json;
    const ok = await api(mock(), et(stage, `stareMesaj/${index}`));
    expect(ok.json).toEqual({
      stare: 'ok',
      ExecutionStatus: 0,
      dateResponse: expect.stringMatching(/^\d{12}$/),
      trace_id: expect.any(String),
    });
    for (const id of ['424242', 'abc']) {
      const res = await api(mock(), et(stage, `stareMesaj/${id}`));
      expect(res.status).toBe(200);
      expect(res.json).toEqual(failure(/id_incarcare/));
    }
  });

  it("lista answers this CIF's declarations", async () => {
    const { index_incarcare: index, UIT } = (await upload(mock(), DEMO.cif, DECLARATION, stage)).json;
    await upload(mock(), '999', DECLARATION, stage);
    const res = await api(mock(), et(stage, `lista/3/${DEMO.cif}`));
    expect(res.json).toMatchObject({ ExecutionStatus: 0, cui: DEMO.cif });
    expect(res.json.mesaje).toEqual([
      expect.objectContaining({ id_incarcare: index, uit: UIT, cod_decl: DEMO.cif, ref_decl: 'REF-7' }),
    ]);
  });
});

describe('e-Transport lista errors', () => {
  it('an empty result is ExecutionStatus 1 with "Nu exista mesaje"', async () => {
    const res = await api(mock(), et('prod', `lista/7/${DEMO.cif}`));
    expect(res.json).toEqual(failure(/^Nu exista mesaje in ultimele 7 zile$/));
  });

  it.each(['0', '61', 'x'])('zile=%s is an error body', async (zile) => {
    const res = await api(mock(), et('prod', `lista/${zile}/${DEMO.cif}`));
    expect(res.status).toBe(200);
    expect(res.json).toEqual(failure(/intre 1 si 60/));
  });

  it('a non-numeric CIF is an error body', async () => {
    expect((await api(mock(), et('prod', 'lista/5/RO1'))).json).toEqual(failure(/nu este un numar/));
  });

  it('old declarations fall out of the window', async () => {
    await upload(mock(), DEMO.cif, DECLARATION);
    now += 2 * 86_400_000;
    expect((await api(mock(), et('prod', `lista/1/${DEMO.cif}`))).json.ExecutionStatus).toBe(1);
    expect((await api(mock(), et('prod', `lista/3/${DEMO.cif}`))).json.ExecutionStatus).toBe(0);
  });

  it('keeps /prod and /test apart', async () => {
    const { index_incarcare: index } = (await upload(mock(), DEMO.cif, DECLARATION, 'prod')).json;
    expect((await api(mock(), et('test', `stareMesaj/${index}`))).json.ExecutionStatus).toBe(1);
  });

  it('only version 2 of the upload route exists', async () => {
    const res = await api(mock(), et('prod', `upload/ETRANSP/${DEMO.cif}/1`), {
      method: 'POST',
      body: DECLARATION,
    });
    expect(res.status).toBe(404);
  });

  (fs.existsSync(SAMPLE) ? it : it.skip)("accepts the collection's own sample", async () => {
    const res = await upload(mock(), DEMO.cif, fs.readFileSync(SAMPLE, 'utf8'));
    expect(res.json.ExecutionStatus).toBe(0);
  });
});

describe('e-Transport info', () => {
  it("answers the operator's record with ExecutionStatus 0", async () => {
    await upload(mock(), '12345674', DECLARATION);
    const res = await api(mock(), et('prod', 'info?cui_op=12345674'));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ cui_op: '12345674', declaratii: 1, ExecutionStatus: 0 });
  });

  it('a non-numeric cui_op is an error body', async () => {
    const res = await api(mock(), et('test', 'info?cui_op=RO123'));
    expect(res.status).toBe(200);
    expect(res.json).toEqual(failure(/nu este un numar/));
  });
});
