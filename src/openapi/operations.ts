/**
 * One HTTP operation from one or more endpoints of the collection. Exchange and refresh are two
 * requests of the collection but one operation of ANAF's (the same POST on the token URL), so the
 * operation takes the first one's id and shows both bodies as examples.
 */
import type { EndpointSpec, FormField } from '../anaf';
import { readSample } from '../paths';
import { oauthResponses } from './oauth-responses';
import { parametersOf } from './parameters';
import { bearerResponses, documentedResponses } from './responses';
import { CLIENT_SCHEME, OAUTH_SCHEME } from './security';
import { hasPublicServer } from './servers';
import { limitsOf } from './limits';
import { OPERATION_TEXTS, type OperationTexts } from './texts';
import type { OpenApiObject } from './types';

/** Tag of each folder. */
export const TAG_OF: Record<EndpointSpec['folder'], string> = {
  oauth: 'OAuth 2.0',
  efactura: 'e-Factura',
  etransport: 'e-Transport',
  // Never the first request of an operation: the received folder calls e-Factura's.
  received: 'e-Factura',
};

/** The endpoints of one operation: one, or several sharing method and path (exchange and refresh). */
export type Operands = readonly [EndpointSpec, ...EndpointSpec[]];

/** An example value for a form field: literals as they are, variables as a visible placeholder. */
function exampleValue(field: FormField, redirectUri: string): string {
  const variable = /^\{\{(\w+)\}\}$/.exec(field.value)?.[1];
  if (!variable) return field.value;
  if (field.key === 'redirect_uri') return redirectUri;
  return `<${variable}>`;
}

function formSchema(spec: EndpointSpec & { body: { mode: 'urlencoded' } }): OpenApiObject {
  const properties: Record<string, OpenApiObject> = {};
  for (const f of spec.body.fields) {
    const literal = !/^\{\{\w+\}\}$/.test(f.value);
    properties[f.key] = literal ? { type: 'string', const: f.value } : { type: 'string' };
  }
  return {
    title: spec.name,
    type: 'object',
    required: spec.body.fields.filter((f) => f.key !== 'token_content_type').map((f) => f.key),
    properties: {
      ...properties,
      client_id: { type: 'string', description: 'Only when the client authenticates in the body.' },
      client_secret: { type: 'string', description: 'Only when the client authenticates in the body.' },
    },
  };
}

/**
 * Several forms on one operation (the two grants): one object with every field, so tools that build
 * a request from the schema show them all; which fields each grant needs is said per field and in
 * the examples (Postman's converter drops fields hidden in `oneOf` branches).
 */
function formsSchema(forms: OpenApiObject[]): OpenApiObject {
  const properties: Record<string, OpenApiObject> = {};
  for (const f of forms) {
    const needed = f.required as string[];
    for (const [key, value] of Object.entries(f.properties as Record<string, OpenApiObject>)) {
      const known = properties[key];
      const values = [
        ...((known?.enum as string[] | undefined) ?? []),
        ...('const' in value ? [value.const as string] : []),
      ];
      const grants = [
        ...((known?.['x-grants'] as string[] | undefined) ?? []),
        ...(needed.includes(key) ? [f.title as string] : []),
      ];
      properties[key] = {
        type: 'string',
        ...(values.length > 0 ? { enum: [...new Set(values)] } : {}),
        ...(value.description ? { description: value.description } : {}),
        ...(grants.length > 0 ? { description: `Needed by: ${grants.join('; ')}.`, 'x-grants': grants } : {}),
      };
    }
  }
  return { type: 'object', required: ['grant_type'], properties };
}

function requestBody(specs: Operands, redirectUri: string): OpenApiObject | undefined {
  const [spec] = specs;
  const body = spec.body;
  if (!body) return undefined;
  if (body.mode === 'raw') {
    const limits = limitsOf(spec.id, 'en').filter((l) => l.startsWith('Largest'));
    return {
      required: true,
      description: ['The XML document.', ...limits].join(' '),
      content: {
        [body.contentType]: {
          schema: { type: 'string', contentMediaType: 'application/xml' },
          examples: { sample: { summary: 'A sample document', value: readSample(body.sample) } },
        },
      },
    };
  }
  if (body.mode === 'formdata') {
    const file = { type: 'string', format: 'binary', contentMediaType: 'application/xml' };
    return {
      required: true,
      description: 'The invoice XML and ANAF’s signature XML of it, both from the downloaded ZIP.',
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            required: body.files.map((f) => f.key),
            properties: Object.fromEntries(body.files.map((f) => [f.key, file])),
          },
        },
      },
    };
  }
  const forms = specs.filter(
    (s): s is EndpointSpec & { body: { mode: 'urlencoded' } } => s.body?.mode === 'urlencoded',
  );
  const [only] = forms;
  return {
    required: true,
    content: {
      'application/x-www-form-urlencoded': {
        schema: only && forms.length === 1 ? formSchema(only) : formsSchema(forms.map(formSchema)),
        examples: Object.fromEntries(
          forms.map((s) => [
            s.id.split('.')[1],
            {
              summary: s.name,
              value: Object.fromEntries(s.body.fields.map((f) => [f.key, exampleValue(f, redirectUri)])),
            },
          ]),
        ),
      },
    },
  };
}

function security(spec: EndpointSpec): OpenApiObject[] | undefined {
  if (spec.auth === 'none') return [];
  // The alternative `{}`: the client may authenticate with body fields instead of HTTP Basic.
  if (spec.auth === 'client') return [{ [CLIENT_SCHEME]: [] }, {}];
  // Served without OAuth by the public host too.
  if (hasPublicServer(spec)) return [{ [OAUTH_SCHEME]: [] }, {}];
  return undefined; // the document's default: OAuth 2.0
}

function responsesOf(spec: EndpointSpec): Record<string, OpenApiObject> {
  const own = spec.folder === 'oauth' ? oauthResponses(spec) : documentedResponses(spec);
  const all = spec.auth === 'inherit' ? { ...bearerResponses(), ...own } : own;
  return Object.fromEntries(Object.entries(all).sort(([a], [b]) => a.localeCompare(b)));
}

function description(texts: OperationTexts, id: string, lang: 'en' | 'ro'): string {
  return [texts[lang].description, ...limitsOf(id, lang)].join('\n\n');
}

/**
 * The OpenAPI operation of `specs` (one endpoint, or several sharing method and path).
 * @param redirectUri - shown in the token request examples
 */
export function buildOperation(specs: Operands, redirectUri: string): OpenApiObject {
  const [spec] = specs;
  const texts = OPERATION_TEXTS[spec.id];
  if (!texts) throw new Error(`openapi: no texts for ${spec.id}`);
  const operation: OpenApiObject = {
    tags: [TAG_OF[spec.folder]],
    summary: texts.en.summary,
    description: description(texts, spec.id, 'en'),
    'x-summary-ro': texts.ro.summary,
    'x-description-ro': description(texts, spec.id, 'ro'),
    operationId: spec.id,
    'x-postman-requests': specs.map((s) => s.name),
  };
  const parameters = parametersOf(spec);
  if (parameters.length > 0) operation.parameters = parameters;
  const body = requestBody(specs, redirectUri);
  if (body) operation.requestBody = body;
  operation.responses = responsesOf(spec);
  const sec = security(spec);
  if (sec) operation.security = sec;
  return operation;
}
