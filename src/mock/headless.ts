/** The two shortcuts for tests: post the consent form without a browser, and issue a pair directly. */
import http from 'node:http';
import { Paths, TOKEN_CONTENT_TYPE } from '../anaf';
import { AnafPostmanError } from '../errors';
import type { World } from './context';
import { formEncode } from './http';
import type { AuthorizeParams, AuthorizeResult, IssueTokensParams, TokenResponse } from './types';

function post(url: string, body: string): Promise<{ status: number; location?: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'Content-Length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The first configured client's id: the one a shortcut uses when it is given none. */
function defaultClientId(world: World): string {
  const first = world.settings.clients[0];
  // The options refuse an empty client list, so this is a bug in the mock, not the caller's mistake.
  if (!first) throw new AnafPostmanError('INTERNAL', 'mock: no client is configured');
  return first.clientId;
}

/** Does the consent form's POST, as a browser would after the user's click, and reads the redirect. */
export async function authorizeHeadless(
  origin: string,
  world: World,
  p: AuthorizeParams,
): Promise<AuthorizeResult> {
  const clientId = p.clientId ?? defaultClientId(world);
  const redirectUri = p.redirectUri ?? world.clients.get(clientId)?.redirectUris[0] ?? '';
  const body = formEncode({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    [TOKEN_CONTENT_TYPE.key]: p.tokenContentType ?? TOKEN_CONTENT_TYPE.value,
    state: p.state,
    decision: p.decision ?? 'approve',
  });
  const answer = await post(`${origin}${Paths.authorize}`, body);
  if (answer.status !== 302 || !answer.location) {
    const reason = /<p>([^<]*)<\/p>/.exec(answer.text)?.[1] ?? answer.text.slice(0, 200);
    throw new AnafPostmanError(
      'USAGE',
      `mock authorize: answered ${answer.status}, not a redirect: ${reason}`,
      {
        status: answer.status,
      },
    );
  }
  const query = new URL(answer.location).searchParams;
  const pick = (key: string) => query.get(key) ?? undefined;
  return { location: answer.location, code: pick('code'), state: pick('state'), error: pick('error') };
}

function checkTtl(name: string, value: unknown): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) {
    throw new AnafPostmanError('USAGE', `mock issueTokens: ${name} must be a number of seconds`);
  }
}

/** A valid pair for a registered client, as if it had gone through the browser. */
export function issueTokensFor(world: World, p: IssueTokensParams): TokenResponse {
  const clientId = p.clientId ?? defaultClientId(world);
  if (!world.clients.has(clientId))
    throw new AnafPostmanError('USAGE', `mock issueTokens: unknown client ${clientId}`);
  if (p.jwt !== undefined && typeof p.jwt !== 'boolean') {
    throw new AnafPostmanError('USAGE', 'mock issueTokens: jwt must be true or false');
  }
  checkTtl('accessTtlSeconds', p.accessTtlSeconds);
  checkTtl('refreshTtlSeconds', p.refreshTtlSeconds);
  return world.tokens.issuePair(clientId, p.jwt ?? true, p.accessTtlSeconds, p.refreshTtlSeconds);
}
