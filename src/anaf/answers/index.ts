/** ANAF's documented answers, per operation: the data the tests and the OpenAPI document use. */
import { EFACTURA_OPERATIONS } from './efactura';
import { ETRANSPORT_OPERATIONS } from './etransport';
import type { AnafOperation } from './types';

export type { AnafOperation, DocumentedAnswer, Verdict } from './types';
export { EFACTURA_OPERATIONS, ETRANSPORT_OPERATIONS };

/** Every operation ANAF documents for e-Factura and e-Transport. */
export const ANAF_OPERATIONS: readonly AnafOperation[] = [...EFACTURA_OPERATIONS, ...ETRANSPORT_OPERATIONS];

/**
 * The documented answer `name` of operation `id`.
 * @throws Error when the table has no such answer (a typo in our code, not a user error).
 */
export function documentedAnswer(id: string, name: string) {
  const found = ANAF_OPERATIONS.find((o) => o.id === id)?.answers.find((a) => a.name === name);
  if (!found) throw new Error(`no documented answer "${name}" of ${id}`);
  return found;
}

/** ANAF's error text in a documented answer (`errorMessage`, `eroare`, `message`, `msg` or `error`). */
export function documentedWords(id: string, name: string): string {
  const body = documentedAnswer(id, name).body;
  const xml = /errorMessage="([^"]*)"/.exec(body)?.[1];
  if (xml !== undefined) return xml;
  const value = JSON.parse(body) as Record<string, unknown>;
  const list = (value.Errors ?? value.Messages) as { errorMessage?: string; message?: string }[] | undefined;
  const first = list?.[0];
  return String(
    first?.errorMessage ?? first?.message ?? value.eroare ?? value.message ?? value.msg ?? value.error,
  );
}
