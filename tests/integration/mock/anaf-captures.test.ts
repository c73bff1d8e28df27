/**
 * The mock against real ANAF traffic (tests/fixtures/anaf/captures.ts; sources in
 * tests/fixtures/anaf/README.md): ANAF's clock in its errors, validation messages in the
 * structured form, UITs of ANAF's own format, HTTP 400 for a wrong client secret, the JWT header
 * and claims.
 */
import { isUit, Paths, uitCheckDigits } from '../../../src/anaf';
import {
  ANAF_JWT_SHAPE,
  END_TIME_IN_FUTURE,
  TOKEN_INVALID_CLIENT,
  UIT_EXAMPLES,
  UIT_REGEX_SOURCE,
  VALIDATION_NOK_STRUCTURED,
} from '../../fixtures/anaf/captures';
import { basic, bearer, call, decodeJwt, DEMO, login, tokenRequest, useMock, verifyJwt } from './helpers';

let now = END_TIME_IN_FUTURE.requestMoment;
const mock = useMock({ now: () => now });
beforeEach(() => {
  now = END_TIME_IN_FUTURE.requestMoment;
});

const ef = (rest: string) => `${Paths.efactura('prod')}/${rest}`;
const et = (rest: string) => `${Paths.etransport('prod')}/${rest}`;
const api = (path: string, init: RequestInit = {}) =>
  call(mock(), path, {
    ...init,
    headers: { ...bearer(mock().issueTokens().access_token), ...(init.headers ?? {}) },
  });

describe("ANAF's clock in its errors", () => {
  it('an endTime one second ahead: refused with the request moment, in Romania wall time', async () => {
    const q = new URLSearchParams({
      startTime: String(now - 3_600_000),
      endTime: String(END_TIME_IN_FUTURE.endTime),
      cif: DEMO.cif,
      pagina: '1',
    });
    const res = await api(ef(`listaMesajePaginatieFactura?${q}`));
    expect(res.json).toEqual({ eroare: END_TIME_IN_FUTURE.eroare, titlu: 'Lista Mesaje' });
  });
});

describe('validation messages in the structured form', () => {
  /** An invoice breaking the three rules of the capture (the seller's CUI is valid). */
  const INVOICE =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" ' +
    'xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" ' +
    'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">' +
    '<cbc:ID>F-1</cbc:ID>' +
    '<cbc:InvoiceTypeCode listName="UNCL1001">380</cbc:InvoiceTypeCode>' +
    '<cbc:DocumentCurrencyCode listURI="http://example.invalid/codes">RON</cbc:DocumentCurrencyCode>' +
    '<cac:PaymentMeans><cbc:PaymentMeansCode listID="UNCL4461">30</cbc:PaymentMeansCode></cac:PaymentMeans>' +
    '</Invoice>\n';
  const expected = (JSON.parse(VALIDATION_NOK_STRUCTURED) as { Messages: unknown }).Messages;

  it.each(['validare/FACT1', 'transformare/FACT1'])('%s answers each rule as ANAF did', async (path) => {
    const res = await api(ef(path), {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: INVOICE,
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ stare: 'nok', Messages: expected, trace_id: expect.any(String) });
  });
});

describe("UITs in ANAF's format", () => {
  const UIT_REGEX = new RegExp(`^${UIT_REGEX_SOURCE}$`);

  it("the check reads ANAF's own examples as valid, and a changed check digit as not", () => {
    for (const uit of UIT_EXAMPLES) expect([uit, isUit(uit)]).toEqual([uit, true]);
    expect(uitCheckDigits('3V0P0L0P0T3JUW')).toBe('46');
    expect(isUit('3V0P0L0P0T3JUW47')).toBe(false);
  });

  it('every UIT the mock gives matches UIT-REGEX and its check digits (BR-003, BR-019)', async () => {
    const declaration =
      '<?xml version="1.0"?>\n<eTransport xmlns="mfp:anaf:dgti:eTransport:declaratie:v2" ' +
      `codDeclarant="${DEMO.cif}"><notificare codTipOperatiune="30"/></eTransport>`;
    const token = mock().issueTokens().access_token;
    const uits: string[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await call(mock(), et(`upload/ETRANSP/${DEMO.cif}/2`), {
        method: 'POST',
        headers: bearer(token),
        body: declaration,
      });
      uits.push(res.json.UIT as string);
    }
    for (const uit of uits) expect([uit, UIT_REGEX.test(uit) && isUit(uit)]).toEqual([uit, true]);
  });
});

describe('the token endpoint', () => {
  it('a wrong client secret is HTTP 400 invalid_client, as at ANAF', async () => {
    const { code } = await mock().authorize();
    const res = await tokenRequest(
      mock(),
      { grant_type: 'authorization_code', code, redirect_uri: DEMO.redirectUri },
      'none',
      { Authorization: basic(DEMO.clientId, 'not-the-secret') },
    );
    expect(res.status).toBe(TOKEN_INVALID_CLIENT.status);
    expect(res.json.error).toBe(TOKEN_INVALID_CLIENT.error);
  });

  it("JWTs carry ANAF's header fields and claims: a kid, the real service's iss, token_type, scope", async () => {
    const res = await login(mock());
    const jwks = await call(mock(), '/__mock/jwks');
    for (const token of [res.json.access_token as string, res.json.refresh_token as string]) {
      const { header, claims } = decodeJwt(token);
      expect(Object.keys(header).sort()).toEqual(Object.keys(ANAF_JWT_SHAPE.header).sort());
      expect(header).toEqual({ alg: ANAF_JWT_SHAPE.header.alg, kid: jwks.json.keys[0].kid });
      expect(Object.keys(claims)).toEqual(expect.arrayContaining(ANAF_JWT_SHAPE.claims));
      expect(claims).toMatchObject({
        iss: ANAF_JWT_SHAPE.iss,
        token_type: ANAF_JWT_SHAPE.tokenType,
        scope: ANAF_JWT_SHAPE.scope,
        clientappid: DEMO.clientId,
      });
      expect(claims.sub).toBe(String(claims.serial).replace(/:/g, ''));
      expect(verifyJwt(token, mock().publicKeyPem)).toBe(true);
    }
  });
});
