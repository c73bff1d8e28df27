/** HTML of the consent page (standing in for ANAF's certificate prompt) and of the error page. */
import { Paths } from '../anaf';
import { escapeMarkup as e, type Reply } from './http';

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222}' +
  'code{background:#f3f3f3;padding:0 .25rem;word-break:break-all}button{font-size:1rem;padding:.5rem 1.25rem;margin-right:1rem}';

function page(title: string, content: string): string {
  return (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>${e(title)}</title>\n` +
    `<style>${STYLE}</style>\n</head>\n<body>\n${content}\n</body>\n</html>\n`
  );
}

/** Headers of every HTML page: never cached, never framed, no scripts. */
function htmlReply(status: number, body: string): Reply {
  return {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      // No form-action: the browser must follow the 302 to the client's own redirect URI.
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    },
    body,
  };
}

/**
 * The consent form. It posts every original authorize parameter back as hidden fields, plus the
 * button pressed as `decision` (`approve` or `deny`).
 */
export function consentPage(clientId: string, redirectUri: string, params: [string, string][]): Reply {
  const hidden = params
    .filter(([key]) => key !== 'decision')
    .map(([key, value]) => `<input type="hidden" name="${e(key)}" value="${e(value)}">`)
    .join('\n');
  const content =
    '<h1>ANAF mock: authorize an application</h1>\n' +
    `<p>The application <code>${e(clientId)}</code> asks to act for you on e-Factura and e-Transport. ` +
    `If you approve, you return to <code>${e(redirectUri)}</code> with an authorization code ` +
    'that must be exchanged within a minute.</p>\n' +
    '<p>On ANAF this step asks for your qualified certificate; the mock only asks for your decision.</p>\n' +
    `<form method="post" action="${e(Paths.authorize)}">\n${hidden}\n` +
    '<button type="submit" id="approve" name="decision" value="approve">Approve</button>\n' +
    '<button type="submit" id="deny" name="decision" value="deny">Deny</button>\n</form>';
  return htmlReply(200, page('ANAF mock: authorize', content));
}

/** An error page: used instead of a redirect when the client or its redirect URI cannot be trusted. */
export function errorPage(status: number, message: string): Reply {
  return htmlReply(status, page('ANAF mock: error', `<h1>Authorization error</h1>\n<p>${e(message)}</p>`));
}
