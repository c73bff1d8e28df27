/** The slice of Postman's collection v2.1 and environment formats that the generator writes. */

/** `{key, value}` pair of Postman's auth arrays. */
export interface PostmanAuthAttribute {
  key: string;
  value: unknown;
  type: string;
}

/** Request or collection auth. */
export interface PostmanAuth {
  type: 'oauth2' | 'basic' | 'noauth' | 'bearer';
  oauth2?: PostmanAuthAttribute[];
  basic?: PostmanAuthAttribute[];
}

/** A script attached to an item. */
export interface PostmanEvent {
  listen: 'prerequest' | 'test';
  script: { id: string; type: 'text/javascript'; exec: string[] };
}

/** Query parameter; disabled ones are documented but not sent. */
export interface PostmanQueryParam {
  key: string;
  value: string;
  disabled?: boolean;
}

/** A request URL, split the way Postman stores it. */
export interface PostmanUrl {
  raw: string;
  host: string[];
  path: string[];
  query?: PostmanQueryParam[];
}

/** A request body. */
export type PostmanBody =
  | { mode: 'raw'; raw: string; options: { raw: { language: 'xml' | 'text' } } }
  | { mode: 'urlencoded'; urlencoded: { key: string; value: string; type: 'text' }[] }
  | { mode: 'formdata'; formdata: { key: string; type: 'file'; src: string }[] };

/** One request. */
export interface PostmanRequestItem {
  id: string;
  name: string;
  event?: PostmanEvent[];
  request: {
    method: string;
    header: { key: string; value: string }[];
    auth?: PostmanAuth;
    body?: PostmanBody;
    url: PostmanUrl;
    description: string;
  };
  response: never[];
}

/** A folder. */
export interface PostmanFolder {
  id: string;
  name: string;
  description: string;
  item: PostmanRequestItem[];
}

/** A collection variable: always empty here, it exists for its description (values live in environments). */
export interface PostmanCollectionVariable {
  key: string;
  value: string;
  type: 'string';
  description: string;
}

/** A whole collection, as written to `collections/*.postman_collection.json`. */
export interface PostmanCollection {
  info: { _postman_id: string; name: string; description: string; schema: string };
  auth: PostmanAuth;
  event: PostmanEvent[];
  item: PostmanFolder[];
  variable?: PostmanCollectionVariable[];
}

/** One variable of an environment. */
export interface PostmanEnvironmentValue {
  key: string;
  value: string;
  type: 'default' | 'secret' | 'any';
  enabled: boolean;
}

/** An environment, as written to `environments/*.postman_environment.json`. */
export interface PostmanEnvironment {
  id: string;
  name: string;
  values: PostmanEnvironmentValue[];
  _postman_variable_scope: 'environment';
}

/** Postman's collection format v2.1.0 schema URL. */
export const COLLECTION_SCHEMA_URL = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';
