/**
 * The first part of the demo: authorize on the mock (approved headlessly), then one Newman run of
 * exchange → hello → upload → status → list → download → validate.
 */
import { Var } from '../anaf';
import type { MockServer } from '../mock';
import { itemStep } from './checks';
import type { Values } from './environment';
import { loadCommittedCollection, runItems } from './newman-items';
import { tokenLabel } from './redact';
import { find, type Steps } from './steps';

/** The first run, in collection order, with each request's label. */
const FLOW: readonly { endpoint: string; label: string }[] = [
  { endpoint: 'oauth.exchange', label: 'Exchange authorization code' },
  { endpoint: 'oauth.hello', label: 'TestOauth hello' },
  { endpoint: 'efactura.upload', label: 'e-Factura upload' },
  { endpoint: 'efactura.stareMesaj', label: 'e-Factura stareMesaj (status)' },
  { endpoint: 'efactura.listaMesajeFactura', label: 'e-Factura listaMesajeFactura (list)' },
  { endpoint: 'efactura.descarcare', label: 'e-Factura descarcare (download)' },
  { endpoint: 'efactura.validare', label: 'e-Factura validare (validate)' },
];

/** Details a reader wants to see for each request of the first run. */
function flowDetail(endpoint: string, values: Values): string {
  switch (endpoint) {
    case 'oauth.exchange':
      return `access ${tokenLabel(values[Var.accessToken])} · refresh ${tokenLabel(values[Var.refreshToken])}`;
    case 'efactura.upload':
      return `index_incarcare ${values[Var.uploadIndex]}`;
    case 'efactura.stareMesaj':
      return `id_descarcare ${values[Var.downloadId]}`;
    default:
      return '';
  }
}

/** Authorizes, runs the flow and returns the variables after it. */
export async function mainFlow(
  mock: MockServer,
  steps: Steps,
  values: Values,
  timeoutMs: number,
): Promise<Values> {
  let code = '';
  await steps.timed('authorize (consent approved headlessly on the mock)', async () => {
    const result = await mock.authorize();
    if (!result.code) throw new Error(`no code in the redirect (${result.error ?? 'unknown error'})`);
    code = result.code;
    return `code ${tokenLabel(code)}`;
  });
  const run = await runItems(
    loadCommittedCollection(),
    FLOW.map((f) => f.endpoint),
    { ...values, [Var.authorizationCode]: code },
    timeoutMs,
  );
  for (const { endpoint, label } of FLOW) {
    steps.add(itemStep(label, find(run.items, endpoint), flowDetail(endpoint, run.values)));
  }
  return run.values;
}
