/**
 * Responses of an operation: every documented answer of ANAF as a named example under its status and
 * content type, with the verdict the collection's tests give it. HTTP 200 answers that are errors say
 * so in the response description and in each example (`x-verdict: fail`).
 */
import { ANAF_OPERATIONS, type DocumentedAnswer, type EndpointSpec, type Verdict } from '../anaf';
import { schemaRef } from './schemas';
import type { OpenApiObject } from './types';

const VERDICT_EN: Record<Verdict, string> = {
  pass: 'Success',
  fail: 'Error',
  note: 'In-between state (not an error)',
};

/**
 * The media type of an answer. ANAF documents some as `*∕*`; the wire carries a ZIP, a PDF or JSON,
 * told apart by the body (two bodies only name the file they stand for).
 */
export function mediaTypeOf(answer: DocumentedAnswer): string {
  if (answer.contentType !== '*/*') return answer.contentType;
  if (answer.body.startsWith('fisier cu extensia zip')) return 'application/zip';
  if (answer.body === 'fisierul Pdf') return 'application/pdf';
  return 'application/json';
}

/** The schema an answer of operation `id` must match. */
function schemaOf(id: string, status: number, mediaType: string): OpenApiObject {
  if (mediaType === 'application/zip') return schemaRef('Zip');
  if (mediaType === 'application/pdf') return schemaRef('Pdf');
  if (id === 'efactura.validareSemnatura') return schemaRef('SignatureAnswer');
  if (status === 400) return schemaRef('BadRequest');
  if (status === 404) return schemaRef('NotFound');
  if (id === 'efactura.upload' || id === 'efactura.uploadb2c') return schemaRef('EfacturaUploadXml');
  if (id === 'efactura.stareMesaj') return schemaRef('EfacturaStateXml');
  if (id.startsWith('efactura.listaMesaje')) return schemaRef('EfacturaListAnswer');
  if (id === 'efactura.descarcare') return schemaRef('EfacturaError');
  if (id === 'efactura.validare' || id.startsWith('efactura.transformare'))
    return schemaRef('ValidationAnswer');
  if (id === 'etransport.lista') return schemaRef('EtransportListAnswer');
  if (id === 'etransport.info') return schemaRef('TransportInfoAnswer');
  if (id.startsWith('etransport.')) return schemaRef('EtransportAnswer');
  throw new Error(`openapi: no schema for ${id} ${status} ${mediaType}`);
}

/** A stable example key from ANAF's Romanian name: lower case ASCII words joined by `-`. */
export function exampleKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * A JSON body as a value. One of ANAF's examples has a stray `}` after the object; it is shown
 * without it (and says so), any other unreadable body is a bug in the table.
 */
function jsonValue(body: string): { value: unknown; repaired: boolean } {
  try {
    return { value: JSON.parse(body), repaired: false };
  } catch (err) {
    if (!body.endsWith('}}')) throw err;
    return { value: JSON.parse(body.slice(0, -1)), repaired: true };
  }
}

function exampleOf(answer: DocumentedAnswer, mediaType: string): OpenApiObject {
  const placeholder = mediaType === 'application/zip' || mediaType === 'application/pdf';
  const json = mediaType === 'application/json' ? jsonValue(answer.body) : undefined;
  const value = json ? json.value : answer.body;
  const http200Error = answer.status === 200 && answer.verdict === 'fail' ? ', although HTTP 200' : '';
  return {
    summary: answer.summary,
    description:
      `${VERDICT_EN[answer.verdict]}${http200Error}. ANAF’s name: “${answer.name}”.` +
      (placeholder ? ' ANAF’s document names the file instead of showing it.' : '') +
      (json?.repaired ? ' ANAF’s example ends with a stray `}`, left out here.' : ''),
    value,
    'x-verdict': answer.verdict,
    'x-anaf-name': answer.name,
  };
}

function statusDescription(status: number, answers: DocumentedAnswer[]): string {
  const errors = answers.filter((a) => a.verdict === 'fail');
  const lines = answers.map((a) => `- ${VERDICT_EN[a.verdict]}: ${a.summary}`);
  if (status !== 200)
    return `${errors.length === answers.length ? 'Error' : 'Answer'}.\n\n${lines.join('\n')}\n`;
  const head =
    errors.length === 0
      ? 'Success.'
      : `Success or error: ${errors.length} of the ${answers.length} answers below are errors although HTTP 200, ` +
        'so read the body (each example’s `x-verdict` says which).';
  return `${head}\n\n${lines.join('\n')}\n`;
}

/** Responses of ANAF's documented answers of `spec`, by status then media type. */
export function documentedResponses(spec: EndpointSpec): Record<string, OpenApiObject> {
  const operation = ANAF_OPERATIONS.find((o) => o.id === spec.id);
  if (!operation) return {};
  const byStatus = new Map<number, DocumentedAnswer[]>();
  for (const a of operation.answers) byStatus.set(a.status, [...(byStatus.get(a.status) ?? []), a]);
  const responses: Record<string, OpenApiObject> = {};
  for (const status of [...byStatus.keys()].sort((a, b) => a - b)) {
    const answers = byStatus.get(status)!;
    const content: Record<string, OpenApiObject> = {};
    for (const answer of answers) {
      const mediaType = mediaTypeOf(answer);
      const media = (content[mediaType] ??= {
        schema: schemaOf(spec.id, status, mediaType),
        examples: {},
      }) as { examples: Record<string, OpenApiObject> };
      const key = exampleKey(answer.name);
      if (media.examples[key]) throw new Error(`openapi: two answers of ${spec.id} are named ${key}`);
      media.examples[key] = exampleOf(answer, mediaType);
    }
    responses[String(status)] = { description: statusDescription(status, answers), content };
  }
  return responses;
}

const gateway = (description: string): OpenApiObject => ({
  description,
  content: { 'application/json': { schema: schemaRef('GatewayError') } },
});

/** The API gateway's refusals, for operations that take the access token. */
export function bearerResponses(): Record<string, OpenApiObject> {
  return {
    '401': gateway('The access token is not valid, expired or was revoked: refresh it, or authorize again.'),
    '403': gateway('No `Authorization: Bearer` header.'),
  };
}
