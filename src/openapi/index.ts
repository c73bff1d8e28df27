/** The OpenAPI 3.1 document of ANAF's APIs, from the same facts as the collection. */
import { buildOpenApi, type OpenApiOptions } from './document';
import type { OpenApiDocument } from './types';
import { toYaml } from './yaml';

export { buildOpenApi, type OpenApiOptions } from './document';
export type { OpenApiDocument } from './types';
export { toYaml } from './yaml';

/** Where the document is written, relative to the output folder. */
export const OPENAPI_FILES = {
  json: 'openapi/anaf.openapi.json',
  yaml: 'openapi/anaf.openapi.yaml',
} as const;

/** The document's files with their exact text (2-space JSON, YAML; both end with a newline). */
export function openApiFiles(document: OpenApiDocument): { relativePath: string; text: string }[] {
  return [
    { relativePath: OPENAPI_FILES.json, text: `${JSON.stringify(document, null, 2)}\n` },
    { relativePath: OPENAPI_FILES.yaml, text: toYaml(document as unknown as Record<string, unknown>) },
  ];
}

/** Builds the document and its files in one step. */
export function openApiDocumentFiles(options: OpenApiOptions) {
  return openApiFiles(buildOpenApi(options));
}
