import { firewallPage } from '../../../src/anaf';
import { classify } from '../../../src/tokens/token-client';

const answer = (status: number, body: unknown) => ({
  status,
  headers: {},
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

function fatal(status: number, body: unknown) {
  const outcome = classify(answer(status, body), 'env.json');
  if (!('fatal' in outcome)) throw new Error(`expected a fatal outcome, got ${JSON.stringify(outcome)}`);
  return outcome.fatal;
}

describe('classify (token endpoint answers)', () => {
  it('invalid_grant needs a person: exit 3, the certificate, login', () => {
    const e = fatal(400, { error: 'invalid_grant', error_description: 'expired' });
    expect([e.code, e.exitCode]).toEqual(['AUTH_REQUIRED', 3]);
    expect(e.message).toMatch(
      /invalid_grant: expired.*authorize again with the certificate: anaf-postman login --environment env\.json/,
    );
  });

  it('invalid_client also says to check the client credentials', () => {
    expect(fatal(401, { error: 'invalid_client' }).message).toMatch(
      /check clientId, clientSecret and clientAuth/,
    );
  });

  it('an answer that is not OAuth at all (404 page) points at oauthBaseUrl: exit 2', () => {
    const e = fatal(404, '<html>Not Found</html>');
    expect([e.code, e.exitCode]).toEqual(['BAD_FILE', 2]);
    expect(e.message).toMatch(/HTTP 404.*check oauthBaseUrl/);
  });

  it("ANAF's error text is shown on one line without control characters", () => {
    const e = fatal(400, { error: 'invalid_grant', error_description: 'line one\nline two\u001b[31m red' });
    expect([...e.message].every((c) => c.charCodeAt(0) >= 0x20)).toBe(true);
    expect(e.message).toContain('line one line two [31m red');
  });

  it('retries 5xx, 429 and a 200 without a token; accepts a token answer', () => {
    expect(classify(answer(503, ''), 'f')).toEqual({ why: 'HTTP 503', retryAfterMs: undefined });
    expect(classify({ ...answer(429, ''), headers: { 'retry-after': '3' } }, 'f')).toEqual({
      why: 'HTTP 429',
      retryAfterMs: 3000,
    });
    expect(classify(answer(200, { token_type: 'Bearer' }), 'f')).toEqual({
      why: 'answer without access_token',
    });
    expect(classify(answer(200, { access_token: 'a' }), 'f')).toEqual({ ok: { access_token: 'a' } });
  });

  it("names ANAF's firewall page and its support ID, and other pages as not JSON", () => {
    expect(classify(answer(200, firewallPage('4242')), 'f')).toEqual({
      why: "ANAF's firewall rejected the request (support ID 4242)",
    });
    expect(classify(answer(200, '<html>maintenance</html>'), 'f')).toEqual({ why: 'answer is not JSON' });
  });
});

describe('classify: issue #13', () => {
  it('invalid_request is not "authorize again": exit 2, the tokens were not used', () => {
    const e = fatal(400, { error: 'invalid_request', error_description: 'missing parameter' });
    expect([e.code, e.exitCode]).toEqual(['BAD_FILE', 2]);
    expect(e.message).toMatch(/invalid_request: missing parameter.*not used.*unchanged/);
    expect(e.message).not.toMatch(/login|certificate/);
  });

  it('only invalid_grant, invalid_client and unauthorized_client need a person', () => {
    for (const error of ['invalid_grant', 'invalid_client', 'unauthorized_client']) {
      expect(fatal(400, { error }).exitCode).toBe(3);
    }
    for (const error of ['invalid_request', 'unsupported_grant_type', 'invalid_scope']) {
      expect(fatal(400, { error }).exitCode).toBe(2);
    }
  });

  it('an error_description echoing the request is shown without the secrets sent', () => {
    const secret = 's3cr+t/\'!=&"x';
    const form = new URLSearchParams({ refresh_token: 'RT-abc.def', client_secret: secret }).toString();
    const outcome = classify(
      answer(400, { error: 'invalid_grant', error_description: `got ${form}` }),
      'env.json',
      'refresh',
      (t) =>
        t
          .split('RT-abc.def')
          .join('[REDACTED]')
          .split(new URLSearchParams({ s: secret }).toString().slice(2))
          .join('[REDACTED]'),
    );
    if (!('fatal' in outcome)) throw new Error('expected fatal');
    expect(outcome.fatal.message).not.toContain('RT-abc.def');
    expect(outcome.fatal.message).toContain('[REDACTED]');
  });
});
