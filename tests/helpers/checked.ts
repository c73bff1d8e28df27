/**
 * Lookups a test relies on, failing with a clear message instead of `undefined` (what
 * `noUncheckedIndexedAccess` asks to handle): a missing element is a failed test, not a TypeError.
 */

/** `list[index]` (negative counts from the end), or a failure naming the index and the length. */
export function at<T>(list: readonly T[], index: number): T {
  const item = list.at(index);
  if (item === undefined)
    throw new Error(`expected an element at index ${index}, the list has ${list.length}`);
  return item;
}

/** The first element of `list`, or a failure when it is empty. */
export function first<T>(list: readonly T[]): T {
  return at(list, 0);
}

/** `record[key]`, or a failure naming the key and the keys there are. */
export function entry<T>(record: Readonly<Record<string, T>>, key: string): T {
  const value = record[key];
  if (value === undefined) {
    throw new Error(`expected "${key}", found only ${Object.keys(record).join(', ') || 'nothing'}`);
  }
  return value;
}

/** `value`, or a failure saying what was missing. */
export function defined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`expected ${what}, got undefined`);
  return value;
}
