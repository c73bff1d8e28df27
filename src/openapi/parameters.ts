/**
 * Parameters of an operation: the collection's query parameters and the path template of ANAF's
 * documents, each with a schema (formats, allowed values), whether it is required, and the
 * environment variable the collection fills it from (`x-postman-variable`).
 */
import {
  ANAF_OPERATIONS,
  LIST_DAYS,
  LIST_FILTERS,
  LIST_PAGE_SIZE,
  MESSAGE_RETENTION_DAYS,
  TAXPAYER_CODE_PATTERN,
  TOKEN_CONTENT_TYPE,
  UPLOAD_FLAG_VALUE,
  UPLOAD_STANDARDS,
  VALIDATION_STANDARDS,
  type EndpointSpec,
} from '../anaf';
import type { OpenApiObject } from './types';

interface ParamFacts {
  schema: OpenApiObject;
  en: string;
  ro: string;
}

const digits = (maxLength: number): OpenApiObject => ({ type: 'string', pattern: '^[0-9]+$', maxLength });
const flag = (en: string, ro: string): ParamFacts => ({
  schema: { type: 'string', enum: [UPLOAD_FLAG_VALUE] },
  en: `${en} Send only as \`${UPLOAD_FLAG_VALUE}\`; leave out otherwise.`,
  ro: `${ro} Se trimite doar cu \`${UPLOAD_FLAG_VALUE}\`; altfel lipsește.`,
});
const cif: ParamFacts = {
  // ANAF's own pattern (a CUI or a CNP); the check digits are beyond a pattern.
  schema: { type: 'string', pattern: TAXPAYER_CODE_PATTERN },
  en: 'Tax code: a company’s CIF/CUI (2 to 10 digits) or an individual’s CNP (13 digits), digits only, without `RO`.',
  ro: 'Codul fiscal: CIF/CUI-ul firmei (2-10 cifre) sau CNP-ul persoanei fizice (13 cifre), doar cifre, fără `RO`.',
};
const zile: ParamFacts = {
  schema: { type: 'integer', minimum: LIST_DAYS.min, maximum: LIST_DAYS.max },
  en: `Days back from today, ${LIST_DAYS.min} to ${LIST_DAYS.max}.`,
  ro: `Numărul de zile în urmă, între ${LIST_DAYS.min} și ${LIST_DAYS.max}.`,
};
const millis = (which: string, ro: string): ParamFacts => ({
  schema: { type: 'integer', format: 'int64', minimum: 0 },
  en: `${which} of the interval, Unix time in milliseconds; at most ${MESSAGE_RETENTION_DAYS} days ago.`,
  ro: `${ro} intervalului, timp Unix în milisecunde; cel mult acum ${MESSAGE_RETENTION_DAYS} de zile.`,
});

/** Facts per parameter name; `id#name` entries are for a name that means something else there. */
const FACTS: Record<string, ParamFacts> = {
  client_id: {
    schema: { type: 'string' },
    en: 'Client id of the application.',
    ro: 'Client id al aplicației.',
  },
  response_type: {
    schema: { type: 'string', enum: ['code'] },
    en: 'Always `code`.',
    ro: 'Întotdeauna `code`.',
  },
  redirect_uri: {
    schema: { type: 'string', format: 'uri' },
    en: 'The callback URL registered for the application on ANAF’s portal.',
    ro: 'URL-ul de callback înregistrat pentru aplicație pe portalul ANAF.',
  },
  [TOKEN_CONTENT_TYPE.key]: {
    schema: { type: 'string', enum: [TOKEN_CONTENT_TYPE.value] },
    en: 'Ask for JWT tokens (otherwise ANAF issues opaque ones).',
    ro: 'Cere token-uri JWT (altfel ANAF emite token-uri opace).',
  },
  name: { schema: { type: 'string' }, en: 'Any name, echoed back.', ro: 'Orice nume, returnat în răspuns.' },
  standard: {
    schema: { type: 'string', enum: [...UPLOAD_STANDARDS] },
    en: 'Kind of XML: `UBL`, `CN` (credit note), `CII` or `RASP` (an answer to an invoice).',
    ro: 'Tipul XML-ului: `UBL`, `CN` (notă de creditare), `CII` sau `RASP` (mesaj de răspuns la o factură).',
  },
  cif,
  extern: flag('The buyer is not Romanian.', 'Cumpărătorul nu este din România.'),
  autofactura: flag('Self-invoice issued by the buyer.', 'Autofactură emisă de cumpărător.'),
  executare: flag(
    'Issued by an enforcement body for the CIF (Registrul RO e-Factura executări silite).',
    'Emisă de un organ de executare pentru CIF (Registrul RO e-Factura executări silite).',
  ),
  id_incarcare: {
    schema: digits(18),
    en: 'The `index_incarcare` answered by the upload.',
    ro: '`index_incarcare` primit la încărcare.',
  },
  zile,
  filtru: {
    schema: { type: 'string', enum: [...LIST_FILTERS] },
    en: 'Only one kind: `E` errors, `T` invoices sent, `P` invoices received, `R` buyer messages.',
    ro: 'Doar un tip: `E` erori, `T` facturi trimise, `P` facturi primite, `R` mesaje cumpărător.',
  },
  startTime: millis('Start', 'Începutul'),
  endTime: millis('End', 'Sfârșitul'),
  pagina: {
    schema: { type: 'integer', minimum: 1 },
    en: `Page number, from 1; ${LIST_PAGE_SIZE} messages a page.`,
    ro: `Numărul paginii, de la 1; ${LIST_PAGE_SIZE} de mesaje pe pagină.`,
  },
  id: {
    schema: digits(18),
    en: 'The `id_descarcare` of the state, or the `id` of a listed message.',
    ro: '`id_descarcare` din stare sau `id`-ul unui mesaj din listă.',
  },
  'efactura.validare#standard': {
    schema: { type: 'string', enum: [...VALIDATION_STANDARDS] },
    en: '`FACT1` for an invoice, `FCN` for a credit note.',
    ro: '`FACT1` pentru factură, `FCN` pentru notă de creditare.',
  },
  novld: {
    schema: { type: 'string', enum: [UPLOAD_FLAG_VALUE] },
    en: 'Skip the validation.',
    ro: 'Fără validare.',
  },
  'etransport.upload#standard': {
    schema: { type: 'string', enum: ['ETRANSP'] },
    en: 'Always `ETRANSP`.',
    ro: 'Întotdeauna `ETRANSP`.',
  },
  versiune: {
    schema: { type: 'string', enum: ['2'] },
    en: 'Schema version of the declaration.',
    ro: 'Versiunea schemei declarației.',
  },
  'etransport.stareMesaj#id_incarcare': {
    schema: digits(18),
    en: 'The `index_incarcare` answered by the upload.',
    ro: '`index_incarcare` primit la încărcare.',
  },
  cui_op: { ...cif, en: 'CIF of the carrier (the operator asking).', ro: 'CIF-ul transportatorului.' },
  cui_decl: {
    ...cif,
    en: 'Only the transports of this declarant CIF.',
    ro: 'Doar transporturile acestui declarant.',
  },
  uit: { schema: { type: 'string' }, en: 'Only this UIT code.', ro: 'Doar acest cod UIT.' },
  ref_decl: {
    schema: { type: 'string' },
    en: 'Only this reference of the declarant.',
    ro: 'Doar această referință a declarantului.',
  },
};

/** Facts of a parameter; the tools and transformations share the validare standard. */
function factsOf(spec: EndpointSpec, name: string): ParamFacts {
  const group = spec.id.startsWith('efactura.transformare') ? 'efactura.validare' : spec.id;
  const facts = FACTS[`${group}#${name}`] ?? FACTS[name];
  if (!facts) throw new Error(`openapi: no facts for parameter ${name} of ${spec.id}`);
  return facts;
}

/** The collection's `{{variable}}` in a value, if it is exactly one. */
function variableOf(value: string): string | undefined {
  return /^\{\{(\w+)\}\}$/.exec(value)?.[1];
}

/**
 * The path template of an endpoint below its server: ANAF's template where ANAF documents the
 * operation, else the collection's literal path.
 */
export function pathTemplate(spec: EndpointSpec): string {
  const documented = ANAF_OPERATIONS.find((o) => o.id === spec.id);
  if (documented) return documented.path;
  if (spec.path.some((s) => variableOf(s) !== undefined)) {
    throw new Error(`openapi: ${spec.id} has a variable path but no documented template`);
  }
  return `/${spec.path.join('/')}`;
}

function parameter(
  spec: EndpointSpec,
  name: string,
  where: 'query' | 'path',
  required: boolean,
  value: string,
) {
  const facts = factsOf(spec, name);
  const variable = variableOf(value);
  const param: OpenApiObject = {
    name,
    in: where,
    required,
    description: facts.en,
    'x-description-ro': facts.ro,
    schema: facts.schema,
  };
  // The collection's own value: the variable that fills it, or the literal it always sends.
  if (variable) param['x-postman-variable'] = variable;
  else if (value !== '') {
    param.example = value;
    // Tools that read examples from the schema (Postman's converter) see it there too.
    param.schema = { ...facts.schema, example: value };
  }
  return param;
}

/**
 * Path parameters (from the template, matched against the collection's path to learn which
 * variable fills each) then query parameters (optional ones are those the collection disables).
 */
export function parametersOf(spec: EndpointSpec): OpenApiObject[] {
  const template = pathTemplate(spec).split('/').filter(Boolean);
  if (template.length !== spec.path.length) {
    throw new Error(`openapi: ${spec.id} path ${spec.path.join('/')} does not fit ${template.join('/')}`);
  }
  // Same length (checked above): each collection segment beside its template segment.
  const pathParams = spec.path.flatMap((value, i) => {
    const name = /^\{(\w+)\}$/.exec(template[i] ?? '')?.[1];
    return name ? [parameter(spec, name, 'path', true, value)] : [];
  });
  const query = spec.query.map((q) => parameter(spec, q.key, 'query', !q.optional, q.value));
  return [...pathParams, ...query];
}
