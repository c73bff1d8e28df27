import fs from 'node:fs';
import path from 'node:path';
import { DAILY_QUOTAS, Paths } from '../../../src/anaf';
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
  it('upload answers index_incarcare, UIT, ref_declarant and v2’s reminder, in ANAF’s words', async () => {
    const res = await upload(mock(), DEMO.cif, DECLARATION, stage);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      dateResponse: expect.stringMatching(/^\d{12}$/),
      ExecutionStatus: 0,
      index_incarcare: expect.any(Number),
      UIT: expect.stringMatching(/^[0-9A-Z]{16}$/),
      trace_id: expect.any(String),
      ref_declarant: 'REF-7',
      atentie:
        'Verificati starea XML-ului transmis. Codul UIT este valabil din momentul in care apare ca valid dupa apelul de stare',
    });
  });

  it('upload under another standard than ETRANSP is refused in ANAF’s words, not 404', async () => {
    const res = await api(mock(), et(stage, `upload/UBL/${DEMO.cif}/2`), {
      method: 'POST',
      headers: { 'Content-Type': 'application/xml' },
      body: DECLARATION,
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual(failure(/^Valoarea acceptata pentru parametrul standard este ETRANSP$/));
  });

  it.each([
    ['a non-numeric CIF', 'RO123', DECLARATION, /nu este un numar/],
    [
      'a body that is not XML',
      DEMO.cif,
      'hello',
      /^Fisierul transmis nu este valid\. org\.xml\.sax\.SAXParseException; lineNumber: 1; columnNumber: 1; Content is not allowed in prolog\.$/,
    ],
    ['a truncated XML', DEMO.cif, DECLARATION.slice(0, -20), /must start and end within the same entity/],
    [
      'mismatched tags',
      DEMO.cif,
      DECLARATION.replace('</eTransport>', '</eTransportx>'),
      /must be terminated by the matching end-tag "<\/eTransport>"/,
    ],
    [
      'the old namespace',
      DEMO.cif,
      DECLARATION.replace('declaratie:v2', 'declarare:v2'),
      /lineNumber: 2; columnNumber: 1; cvc-elt\.1\.a: Cannot find the declaration of element 'eTransport'\.$/,
    ],
    ['another root', DEMO.cif, '<a/>', /cvc-elt\.1\.a: Cannot find the declaration of element 'a'\./],
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
      expect(res.json).toEqual(failure(/id_incarcare/i));
    }
  });

  it("lista answers this CIF's declarations", async () => {
    const { index_incarcare: index, UIT } = (await upload(mock(), DEMO.cif, DECLARATION, stage)).json;
    await upload(mock(), '1000101400015', DECLARATION, stage);
    const res = await api(mock(), et(stage, `lista/3/${DEMO.cif}`));
    expect(res.json).toMatchObject({ ExecutionStatus: 0, cui: DEMO.cif });
    expect(res.json.mesaje).toEqual([
      expect.objectContaining({
        id_incarcare: String(index),
        uit: UIT,
        cod_decl: DEMO.cif,
        ref_decl: 'REF-7',
        tip: 'NOTIFICARE',
        sursa: 'A',
        stare: 'ok',
        tip_op: '30',
      }),
    ]);
  });
});

describe('e-Transport lista errors', () => {
  it('an empty result is ExecutionStatus 1 with "Nu exista mesaje"', async () => {
    const res = await api(mock(), et('prod', `lista/7/${DEMO.cif}`));
    expect(res.json).toEqual(failure(/^Nu exista mesaje in ultimele 7 zile$/));
  });

  it.each([
    ['0', /intre 1 si 60/],
    ['61', /intre 1 si 60/],
    ['x', /^Numarul de zile introdus= x nu este un numar intreg$/],
  ])('zile=%s is an error body', async (zile, message) => {
    const res = await api(mock(), et('prod', `lista/${zile}/${DEMO.cif}`));
    expect(res.status).toBe(200);
    expect(res.json).toEqual(failure(message));
  });

  it('a non-numeric CIF is an error body', async () => {
    expect((await api(mock(), et('prod', 'lista/5/RO1'))).json).toEqual(failure(/nu este un numar/));
  });

  it("counts list calls per CIF and day, and refuses past the quota in ANAF's words", async () => {
    const headers = bearer(mock().issueTokens().access_token);
    const list = (cif: string) => call(mock(), et('prod', `lista/1/${cif}`), { headers });
    for (let i = 0; i < DAILY_QUOTAS.listPerCui; i++) expect((await list('1030')).json.Errors).toBeDefined();
    expect((await list('1030')).json).toEqual(
      failure(/^S-au facut deja 1500 interogari de lista mesaje de catre utilizator in cursul zilei$/),
    );
    expect((await list('1049')).json).toEqual(failure(/^Nu exista mesaje/));
    now += 86_400_000;
    expect((await list('1030')).json).toEqual(failure(/^Nu exista mesaje/));
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

describe('e-Transport follow-ups (stergere, confirmare, modifVehicul)', () => {
  const followUp = (kind: string, uit: string) =>
    DECLARATION.replace('<notificare codTipOperatiune="30"/>', `<${kind} uit="${uit}"/>`);

  async function stateAndItem(body: string) {
    const { index_incarcare: index } = (await upload(mock(), DEMO.cif, body)).json;
    const stare = (await api(mock(), et('prod', `stareMesaj/${index}`))).json;
    const list = (await api(mock(), et('prod', `lista/1/${DEMO.cif}`))).json;
    const item = (list.mesaje as { id_incarcare: string }[]).find((m) => m.id_incarcare === String(index));
    return { stare, item };
  }

  it.each(['stergere', 'confirmare', 'modifVehicul'])(
    "%s of a UIT no notification got ends nok, in ANAF's words in stareMesaj and in the list",
    async (kind) => {
      const { stare, item } = await stateAndItem(followUp(kind, 'XAXAXAXAXAXAXAXA'));
      expect(stare).toEqual({
        Errors: [{ errorMessage: 'UIT-ul nu poate fi identificat.' }],
        stare: 'nok',
        dateResponse: expect.stringMatching(/^\d{12}$/),
        ExecutionStatus: 1,
        trace_id: expect.any(String),
      });
      expect(item).toMatchObject({
        stare: 'nok',
        mesaje: [
          { tip: 'ERR', mesaj: 'Nu a fost identificat UIT-ul printre notificarile valide anterioare.' },
        ],
      });
    },
  );

  it('a follow-up of a notified UIT is ok', async () => {
    const { UIT } = (await upload(mock(), DEMO.cif, DECLARATION)).json;
    const { stare } = await stateAndItem(followUp('stergere', UIT));
    expect(stare).toMatchObject({ stare: 'ok', ExecutionStatus: 0 });
  });
});

describe('e-Transport info', () => {
  const infoError = (error: string) => ({
    trace_id: expect.any(String),
    dateResponse: expect.stringMatching(/^\d{12}$/),
    error,
  });

  it('answers the transports as a bare JSON array, narrowed by uit and ref_decl', async () => {
    const { UIT } = (await upload(mock(), '12345674', DECLARATION)).json;
    await upload(mock(), '12345674', DECLARATION.replace('REF-7', 'REF-8'));
    const all = await api(mock(), et('prod', 'info?cui_op=12345674'));
    expect(all.status).toBe(200);
    expect(Array.isArray(all.json)).toBe(true);
    expect(all.json).toHaveLength(2);
    const one = await api(mock(), et('prod', `info?cui_op=12345674&uit=${UIT}`));
    expect(one.json).toEqual([expect.objectContaining({ uit: UIT, cod_decl: 12345674, ref_decl: 'REF-7' })]);
    const byRef = await api(mock(), et('prod', 'info?cui_op=12345674&ref_decl=REF-8&cui_decl=12345674'));
    expect(byRef.json).toEqual([expect.objectContaining({ ref_decl: 'REF-8' })]);
  });

  it('no data is {trace_id, dateResponse, error} without ExecutionStatus', async () => {
    const res = await api(mock(), et('prod', 'info?cui_op=12345674'));
    expect(res.json).toEqual(infoError('Nu exista informatii pentru aceasta solicitare'));
  });

  it.each([
    ['cui_op=RO123', 'cui_op introdus= RO123 nu este un numar'],
    ['cui_op=1&cui_decl=abc', 'cui_decl introdus= abc nu este un numar'],
  ])('%s is an error body', async (query, error) => {
    const res = await api(mock(), et('test', `info?${query}`));
    expect(res.status).toBe(200);
    expect(res.json).toEqual(infoError(error));
  });

  it('no cui_op is HTTP 400 JSON', async () => {
    const res = await api(mock(), et('prod', 'info'));
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({
      status: 400,
      error: 'Bad Request',
      message: 'Parametrul cui_op este obligatoriu',
    });
  });
});
