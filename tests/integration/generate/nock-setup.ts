/**
 * Strict HTTP mocks on ANAF's real hostnames: no real network (loopback stays open for the mock),
 * every unexpected request recorded, and every test ends with no pending interceptor.
 */
import nock from 'nock';

/** Requests nock had no interceptor for, as `METHOD url`. */
export const unmatched: string[] = [];

/** Installs the strict-nock hooks in the calling test file. */
export function useStrictNock(): void {
  const onNoMatch = (req: { method?: string; href?: string; path?: string }) => {
    unmatched.push(`${req.method ?? '?'} ${req.href ?? req.path ?? '?'}`);
  };
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    nock.emitter.on('no match', onNoMatch);
  });
  beforeEach(() => {
    unmatched.length = 0;
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    expect({ pending, unmatched: [...unmatched] }).toEqual({ pending: [], unmatched: [] });
  });
  afterAll(() => {
    nock.emitter.removeListener('no match', onNoMatch);
    nock.enableNetConnect();
  });
}
