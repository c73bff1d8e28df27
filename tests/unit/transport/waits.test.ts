import { retryWaitMs, waitScale } from '../../../src/transport/waits';

describe('ANAF_POSTMAN_WAIT_SCALE', () => {
  const before = process.env.ANAF_POSTMAN_WAIT_SCALE;
  afterEach(() => {
    if (before === undefined) delete process.env.ANAF_POSTMAN_WAIT_SCALE;
    else process.env.ANAF_POSTMAN_WAIT_SCALE = before;
  });

  it.each([
    [undefined, 1],
    ['', 1],
    ['0.05', 0.05],
    ['1', 1],
    // Only shorter, never longer or none at all: anything else is the real wait.
    ['0', 1],
    ['-1', 1],
    ['2', 1],
    ['fast', 1],
    ['Infinity', 1],
  ])('%j → %d', (text, scale) => {
    if (text === undefined) delete process.env.ANAF_POSTMAN_WAIT_SCALE;
    else process.env.ANAF_POSTMAN_WAIT_SCALE = text;
    expect(waitScale()).toBe(scale);
    expect(retryWaitMs(2000, '127.0.0.1')).toBe(Math.round(2000 * scale));
    expect(retryWaitMs(2000, 'localhost')).toBe(Math.round(2000 * scale));
    // ANAF's hosts (any host but this machine) always get the whole wait: their 429 is their limit.
    expect(retryWaitMs(2000, 'api.anaf.ro')).toBe(2000);
    expect(retryWaitMs(2000, 'logincert.anaf.ro')).toBe(2000);
    expect(retryWaitMs(2000, '')).toBe(2000);
  });
});
