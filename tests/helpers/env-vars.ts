/**
 * Settings the tool reads from the process environment, changed for a test and restored after.
 * The suite runs with retry waits shortened (`ANAF_POSTMAN_WAIT_SCALE`, set in
 * tests/global-setup.js); a test about the length of a wait itself runs at the real length.
 */

/** Sets `name` to `value`, or removes it for `undefined`. */
function put(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** Runs `body` with `name` set to `value` in this process, then restores what it was. */
export async function withEnvVar<T>(name: string, value: string, body: () => Promise<T>): Promise<T> {
  const before = process.env[name];
  put(name, value);
  try {
    return await body();
  } finally {
    put(name, before);
  }
}

/** Sets `name` to `value` for every test of the file (and the processes they start), then restores it. */
export function useEnvVar(name: string, value: string): void {
  let before: string | undefined;
  beforeAll(() => {
    before = process.env[name];
    put(name, value);
  });
  afterAll(() => put(name, before));
}

/** The environment a spawned CLI needs to wait as long as it would in production. */
export const REAL_WAITS = { ANAF_POSTMAN_WAIT_SCALE: '1' };

/** Runs `body` with real retry waits in this process, then restores the suite's setting. */
export function withRealWaits<T>(body: () => Promise<T>): Promise<T> {
  return withEnvVar('ANAF_POSTMAN_WAIT_SCALE', '1', body);
}
