/** ANAF's documented answers, per operation: the data the tests and the OpenAPI document use. */
import { EFACTURA_OPERATIONS } from './efactura';
import { ETRANSPORT_OPERATIONS } from './etransport';
import type { AnafOperation } from './types';

export type { AnafOperation, DocumentedAnswer, Verdict } from './types';
export { EFACTURA_OPERATIONS, ETRANSPORT_OPERATIONS };

/** Every operation ANAF documents for e-Factura and e-Transport. */
export const ANAF_OPERATIONS: readonly AnafOperation[] = [...EFACTURA_OPERATIONS, ...ETRANSPORT_OPERATIONS];
