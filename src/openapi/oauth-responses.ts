/**
 * Responses of the OAuth 2.0 requests and the hello test, which ANAF's OpenAPI documents do not
 * cover: RFC 6749 answers, with example values that are visibly not tokens.
 */
import { ACCESS_TOKEN_LIFETIME_SECONDS, type EndpointSpec } from '../anaf';
import { schemaRef } from './schemas';
import type { OpenApiObject } from './types';

const html = { 'text/html': { schema: { type: 'string' } } };

function tokenResponses(): Record<string, OpenApiObject> {
  const oauthError = (description: string, errors: string[]): OpenApiObject => ({
    description,
    content: {
      'application/json': {
        schema: schemaRef('OAuthError'),
        examples: Object.fromEntries(
          errors.map((error) => [error, { summary: error, value: { error, error_description: '…' } }]),
        ),
      },
    },
  });
  return {
    '200': {
      description: 'New tokens. Keep the refresh token of every answer: ANAF may rotate it.',
      content: {
        'application/json': {
          schema: schemaRef('TokenResponse'),
          examples: {
            tokens: {
              summary: 'JWT tokens',
              value: {
                access_token: 'eyJ…(JWT)',
                refresh_token: 'eyJ…(JWT)',
                token_type: 'Bearer',
                expires_in: ACCESS_TOKEN_LIFETIME_SECONDS,
              },
            },
          },
        },
      },
    },
    // ANAF answers every OAuth error with 400, a wrong client secret (`invalid_client`) included.
    '400': oauthError(
      'invalid_grant: the code or refresh token is invalid, expired or used (authorize again). ' +
        'invalid_client: the client id or secret is wrong.',
      ['invalid_grant', 'invalid_client'],
    ),
  };
}

/** Responses of an OAuth 2.0 endpoint or of the hello test. */
export function oauthResponses(spec: EndpointSpec): Record<string, OpenApiObject> {
  switch (spec.id) {
    case 'oauth.authorize':
      return {
        '200': { description: 'ANAF’s sign-in page (certificate), then the consent.', content: html },
        '302': {
          description: 'After sign-in: back to `redirect_uri` with `code` (or `error`).',
          headers: {
            Location: { description: '`redirect_uri?code=…`', schema: { type: 'string', format: 'uri' } },
          },
        },
        '400': { description: 'Unknown client or a `redirect_uri` not registered for it.', content: html },
      };
    case 'oauth.exchange':
    case 'oauth.refresh':
      return tokenResponses();
    case 'oauth.hello':
      return {
        '200': {
          description: 'The access token is accepted.',
          content: {
            'text/plain': {
              schema: schemaRef('HelloText'),
              examples: { hello: { summary: 'accepted', value: 'Hello, "anaf-postman"' } },
            },
          },
        },
      };
    default:
      return {};
  }
}
