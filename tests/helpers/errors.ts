import { AnafPostmanError } from '../../src/errors';

/** The typed error `promise` rejects with; fails the test when it resolves or rejects with anything else. */
export async function rejection(promise: Promise<unknown>): Promise<AnafPostmanError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AnafPostmanError) return err;
    throw err;
  }
  throw new Error('expected a rejection with an AnafPostmanError');
}
