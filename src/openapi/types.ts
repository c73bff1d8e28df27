/** The slice of OpenAPI 3.1 the document uses, loosely typed: it is written as JSON, not read back. */

/** Any JSON object of the document (extensions `x-…` included). */
export type OpenApiObject = Record<string, unknown>;

/** A server entry. */
export interface OpenApiServer {
  url: string;
  description: string;
}

/** A whole document. */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: OpenApiObject;
  servers: OpenApiServer[];
  security: OpenApiObject[];
  tags: OpenApiObject[];
  paths: Record<string, OpenApiObject>;
  components: OpenApiObject;
  [extension: `x-${string}`]: unknown;
}
