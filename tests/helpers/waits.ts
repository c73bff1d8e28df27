/**
 * The suite runs with retry waits shortened (`ANAF_POSTMAN_WAIT_SCALE`, set in tests/global-setup.js);
 * a test about the length of a wait itself runs at the real length.
 */

/** The environment a spawned CLI needs to wait as long as it would in production. */
export const REAL_WAITS = { ANAF_POSTMAN_WAIT_SCALE: '1' };

/** Runs `body` with real retry waits in this process, then restores the suite's setting. */
export async function withRealWaits<T>(body: () => Promise<T>): Promise<T> {
  const before = process.env.ANAF_POSTMAN_WAIT_SCALE;
  process.env.ANAF_POSTMAN_WAIT_SCALE = '1';
  try {
    return await body();
  } finally {
    if (before === undefined) delete process.env.ANAF_POSTMAN_WAIT_SCALE;
    else process.env.ANAF_POSTMAN_WAIT_SCALE = before;
  }
}
