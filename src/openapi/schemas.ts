/**
 * Response schemas: what a client can rely on in each kind of answer, loose where ANAF adds fields
 * (no `additionalProperties: false`), strict on the fields that decide success or failure. XML
 * answers are strings whose namespace is checked, so a wrong kind of document fails validation.
 */
import type { OpenApiObject } from './types';

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const errorsList = {
  type: 'array',
  items: { type: 'object', required: ['errorMessage'], properties: { errorMessage: str } },
};

const efacturaMessage = {
  type: 'object',
  required: ['data_creare', 'cif', 'id_solicitare', 'detalii', 'tip', 'id'],
  properties: { data_creare: str, cif: str, id_solicitare: str, detalii: str, tip: str, id: str },
};

const place = {
  type: 'object',
  properties: {
    tip_loc: str,
    adresa_completa: str,
    judet: str,
    localitate: str,
    strada: str,
    numar: str,
    alte_info: str,
  },
};

/** `components.schemas`, by name. */
export const SCHEMAS: Record<string, OpenApiObject> = {
  BadRequest: {
    description: 'Spring’s HTTP 400 body: a required parameter or the body is missing.',
    type: 'object',
    required: ['status', 'error', 'message'],
    properties: { timestamp: str, status: int, error: str, message: str },
  },
  NotFound: {
    description: 'Spring’s HTTP 404 body: the path does not match (a path parameter is missing).',
    type: 'object',
    required: ['status', 'error', 'path'],
    properties: { timestamp: str, status: int, error: str, path: str },
  },
  GatewayError: {
    description: 'The API gateway’s answer to a missing, expired or revoked access token.',
    type: 'object',
    properties: { status: int, error: str, message: str },
  },
  TokenResponse: {
    type: 'object',
    required: ['access_token', 'token_type', 'expires_in'],
    properties: {
      access_token: str,
      refresh_token: str,
      token_type: { type: 'string', enum: ['Bearer', 'bearer'] },
      expires_in: int,
    },
  },
  OAuthError: {
    description: 'RFC 6749 error of the token endpoint.',
    type: 'object',
    required: ['error'],
    properties: { error: str, error_description: str },
  },
  HelloText: { type: 'string', pattern: '^Hello, ' },
  EfacturaUploadXml: {
    description:
      '`<header xmlns="mfp:anaf:dgti:spv:respUploadFisier:v1">`: `ExecutionStatus="0"` with `index_incarcare`, or ' +
      '`ExecutionStatus="1"` with `<Errors errorMessage="…"/>` (an error, although HTTP 200).',
    type: 'string',
    contentMediaType: 'application/xml',
    pattern: 'xmlns="mfp:anaf:dgti:spv:respUploadFisier:v1"[^>]*ExecutionStatus="[01]"',
  },
  EfacturaStateXml: {
    description:
      '`<header xmlns="mfp:anaf:dgti:efactura:stareMesajFactura:v1">` with `stare` (and `id_descarcare`), or ' +
      '`<Errors errorMessage="…"/>` (an error, although HTTP 200).',
    type: 'string',
    contentMediaType: 'application/xml',
    pattern: 'xmlns="mfp:anaf:dgti:efactura:stareMesajFactura:v1"',
  },
  EfacturaError: {
    description: 'An error, although HTTP 200: `eroare` in ANAF’s words.',
    type: 'object',
    required: ['eroare'],
    properties: { eroare: str, titlu: str },
  },
  EfacturaList: {
    type: 'object',
    required: ['mesaje'],
    properties: {
      mesaje: { type: 'array', items: efacturaMessage },
      serial: str,
      cui: str,
      titlu: str,
      numar_inregistrari_in_pagina: int,
      numar_total_inregistrari_per_pagina: int,
      numar_total_inregistrari: int,
      numar_total_pagini: int,
      index_pagina_curenta: int,
    },
  },
  EfacturaListAnswer: { oneOf: [ref('EfacturaList'), ref('EfacturaError')] },
  Zip: { type: 'string', contentMediaType: 'application/zip', contentEncoding: 'binary' },
  Pdf: { type: 'string', contentMediaType: 'application/pdf', contentEncoding: 'binary' },
  ValidationAnswer: {
    description: '`stare` is `ok`, or `nok` with `Messages` (an error, although HTTP 200).',
    type: 'object',
    required: ['stare'],
    properties: {
      stare: { type: 'string', enum: ['ok', 'nok'] },
      Messages: {
        type: 'array',
        items: { type: 'object', required: ['message'], properties: { message: str } },
      },
      trace_id: str,
    },
  },
  SignatureAnswer: { type: 'object', required: ['msg'], properties: { msg: str } },
  EtransportAnswer: {
    description: '`ExecutionStatus` 0 is success; 1, or `Errors`, is an error although HTTP 200.',
    type: 'object',
    required: ['ExecutionStatus'],
    properties: {
      ExecutionStatus: { type: 'integer', enum: [0, 1] },
      dateResponse: str,
      trace_id: str,
      index_incarcare: int,
      UIT: str,
      ref_declarant: str,
      atentie: str,
      stare: { type: 'string', enum: ['ok', 'nok', 'in prelucrare', 'XML cu erori nepreluat de sistem'] },
      Errors: errorsList,
    },
  },
  EtransportList: {
    type: 'object',
    required: ['mesaje'],
    properties: {
      mesaje: {
        type: 'array',
        items: {
          type: 'object',
          description: 'A declaration: with `uit` when accepted, with `mesaje` (its errors) when not.',
          required: ['id_incarcare'],
          properties: {
            uit: str,
            cod_decl: str,
            sursa: str,
            id_incarcare: str,
            data_creare: str,
            tip: str,
            tip_op: str,
            stare: str,
            data_transp: str,
            pc_tara: str,
            pc_cod: str,
            pc_den: str,
            tr_tara: str,
            tr_cod: str,
            tr_den: str,
            nr_veh: str,
            ref_decl: str,
            mesaje: {
              type: 'array',
              items: { type: 'object', required: ['mesaj'], properties: { tip: str, mesaj: str } },
            },
          },
        },
      },
      serial: str,
      cui: str,
      titlu: str,
      dateResponse: str,
      ExecutionStatus: int,
      trace_id: str,
    },
  },
  EtransportListAnswer: { anyOf: [ref('EtransportList'), ref('EtransportAnswer')] },
  TransportRecords: {
    type: 'array',
    items: {
      type: 'object',
      required: ['uit'],
      properties: {
        id: int,
        uit: str,
        cod_decl: int,
        den_decl: str,
        data_transp: str,
        data_exp_uit: str,
        ref_decl: str,
        tr_cod: str,
        tr_den: str,
        nr_veh: str,
        loc_start: place,
        loc_final: place,
        documente: str,
      },
    },
  },
  TransportInfoError: {
    description: 'No data, or an error, although HTTP 200: `error` in ANAF’s words.',
    type: 'object',
    required: ['error'],
    properties: { trace_id: str, dateResponse: str, error: str },
  },
  TransportInfoAnswer: { oneOf: [ref('TransportRecords'), ref('TransportInfoError')] },
};

/** A `$ref` to a schema of {@link SCHEMAS}. */
export function schemaRef(name: keyof typeof SCHEMAS & string): OpenApiObject {
  if (!SCHEMAS[name]) throw new Error(`openapi: no schema ${name}`);
  return ref(name);
}
