/**
 * `GET /anaf-oauth2/v1/authorize` shows the consent page; its form `POST`s back here and the answer
 * redirects to the client with a code or `error=access_denied` (RFC 6749 §4.1.1–4.1.2).
 */
import type { MockRequest, World } from './context';
import { consentPage, errorPage } from './consent-page';
import { FormError, mediaType, parseForm, type Reply } from './http';
import { FORM_LIMIT } from './token-endpoint';

type Params = Map<string, string[]>;

function first(params: Params, key: string): string | undefined {
  return params.get(key)?.[0];
}

/** A 302 to the client's redirect URI with `extra` added to its query. */
function redirect(redirectUri: string, extra: Record<string, string | undefined>): Reply {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(extra))
    if (value !== undefined) url.searchParams.append(key, value);
  return { status: 302, headers: { Location: url.toString(), 'Cache-Control': 'no-store' }, body: '' };
}

/**
 * Validates the request; the client and redirect URI first, as an error about them must never
 * redirect (§4.1.2.1), then the rest, answered by a redirect.
 */
function check(params: Params, world: World): { reply?: Reply; clientId: string; redirectUri: string } {
  const clientId = first(params, 'client_id') ?? '';
  const redirectUri = first(params, 'redirect_uri') ?? '';
  const client = world.clients.get(clientId);
  const fail = (message: string) => ({ reply: errorPage(400, message), clientId, redirectUri });
  if (!clientId) return fail('client_id is missing.');
  if (!client) return fail(`Unknown client_id "${clientId}".`);
  if (!redirectUri) return fail('redirect_uri is missing.');
  if (!client.redirectUris.includes(redirectUri)) {
    return fail(`redirect_uri "${redirectUri}" is not registered for this client.`);
  }
  if ((params.get('client_id') ?? []).length > 1 || (params.get('redirect_uri') ?? []).length > 1) {
    return fail('client_id and redirect_uri must be given once.');
  }
  const state = first(params, 'state');
  const repeated = [...params].find(([, values]) => values.length > 1)?.[0];
  const responseType = first(params, 'response_type');
  let error: string | undefined;
  let description: string | undefined;
  if (repeated) [error, description] = ['invalid_request', `parameter ${repeated} is repeated`];
  else if (!responseType) [error, description] = ['invalid_request', 'response_type is missing'];
  else if (responseType !== 'code')
    [error, description] = ['unsupported_response_type', 'response_type must be code'];
  if (error) {
    return {
      reply: redirect(redirectUri, { error, error_description: description, state }),
      clientId,
      redirectUri,
    };
  }
  return { clientId, redirectUri };
}

function fromQuery(query: URLSearchParams): Params {
  const params: Params = new Map();
  for (const [key, value] of query) params.set(key, [...(params.get(key) ?? []), value]);
  return params;
}

/** GET: the consent page, or an error. */
export function authorizeGet(req: MockRequest, world: World): Reply {
  const params = fromQuery(req.query);
  const result = check(params, world);
  if (result.reply) return result.reply;
  // check() refused any repeated parameter: the query's pairs are the fields, one per name.
  const fields: [string, string][] = [...req.query];
  return consentPage(result.clientId, result.redirectUri, fields);
}

/** POST: the consent form's answer. */
export function authorizePost(req: MockRequest, world: World): Reply {
  if (req.bodySize > FORM_LIMIT) return errorPage(413, 'The form is larger than 1 MB.');
  if (mediaType(req.headers['content-type']) !== 'application/x-www-form-urlencoded') {
    return errorPage(400, 'The consent form must be posted as application/x-www-form-urlencoded.');
  }
  let params: Params;
  try {
    params = parseForm(req.body.toString('utf8'));
  } catch (e) {
    if (e instanceof FormError) return errorPage(400, `Malformed form: ${e.message}.`);
    throw e;
  }
  const decision = first(params, 'decision');
  params.delete('decision');
  const result = check(params, world);
  if (result.reply) return result.reply;
  const state = first(params, 'state');
  if (decision === 'approve') {
    return redirect(result.redirectUri, {
      code: world.tokens.createCode(result.clientId, result.redirectUri),
      state,
    });
  }
  if (decision === 'deny') return redirect(result.redirectUri, { error: 'access_denied', state });
  return errorPage(400, 'decision must be approve or deny.');
}

/** Both methods of the authorize endpoint. */
export function authorizeEndpoint(req: MockRequest, world: World): Reply {
  if (req.method === 'GET') return authorizeGet(req, world);
  if (req.method === 'POST') return authorizePost(req, world);
  const reply = errorPage(405, 'The authorize endpoint accepts GET and POST.');
  reply.headers.Allow = 'GET, POST';
  return reply;
}
