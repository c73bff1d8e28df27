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
});
