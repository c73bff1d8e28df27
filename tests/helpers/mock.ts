import { startMock, type MockOptions, type MockServer } from '../../src/mock';

/** Starts a mock on a free port of 127.0.0.1. */
export function startTestMock(options: MockOptions = {}): Promise<MockServer> {
  return startMock({ port: 0, host: '127.0.0.1', ...options });
}

/** A mock per test (beforeEach/afterEach); returns a getter. */
export function useMock(options: MockOptions = {}): () => MockServer {
  let mock: MockServer | undefined;
  beforeEach(async () => {
    mock = await startTestMock(options);
  });
  afterEach(async () => {
    await mock?.close();
    mock = undefined;
  });
  return () => {
    if (!mock) throw new Error('mock not started');
    return mock;
  };
}
