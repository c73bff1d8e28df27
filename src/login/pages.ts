/** The small pages the listener answers the browser with. No script, no secret, never cached. */

/** One page: its status and what it says. */
export interface Page {
  status: number;
  title: string;
  message: string;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The page's HTML. */
export function pageHtml(page: Page): string {
  return (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    `<title>anaf-postman login: ${escape(page.title)}</title>\n` +
    '<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222}</style>\n' +
    `</head>\n<body>\n<h1 id="title">${escape(page.title)}</h1>\n<p id="message">${escape(page.message)}</p>\n</body>\n</html>\n`
  );
}

/** Headers of every page: the URL holds a code, so no referrer leaves, nothing is cached or framed. */
export const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
  Connection: 'close',
} as const;

export const Pages = {
  done: (file: string): Page => ({
    status: 200,
    title: 'Logged in',
    message: `Done: the tokens are saved in ${file}. You can close this tab and go back to the terminal.`,
  }),
  failed: (title: string, why: string): Page => ({
    status: 400,
    title,
    message: `${why}. See the terminal.`,
  }),
  notFound: (): Page => ({
    status: 404,
    title: 'Not found',
    message: 'anaf-postman login only serves the redirect URI of this login.',
  }),
  noCode: (): Page => ({
    status: 400,
    title: 'Nothing to do here',
    message:
      'This address waits for the redirect from ANAF, with a code or an error. Open the authorize URL the terminal shows.',
  }),
  noState: (): Page => ({
    status: 400,
    title: 'Not this login',
    message:
      'This redirect carries no state, so it cannot be told from a request any page could send: ignored, the login still waits. ' +
      'If ANAF sent it this way, run anaf-postman login --paste and paste its URL.',
  }),
  otherState: (): Page => ({
    status: 400,
    title: 'Not this login',
    message:
      'This redirect carries another state than the authorize URL of this login: ignored, the login still waits for its own.',
  }),
  busy: (): Page => ({
    status: 409,
    title: 'Already handled',
    message: 'This login already received its redirect. See the terminal.',
  }),
  method: (): Page => ({ status: 405, title: 'Method not allowed', message: 'Only GET is served here.' }),
};
