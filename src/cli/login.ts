/** `anaf-postman login`: authorize in the browser with the certificate and save the tokens. */
import type { CommandModule } from 'yargs';

interface LoginArgs {
  environment: string;
  paste?: boolean;
  listen?: boolean;
  open?: boolean;
  timeout: string;
}

export const command: CommandModule<object, LoginArgs> = {
  command: 'login',
  describe: 'Authorize in the browser with the certificate, exchange the code at once and save the tokens',
  builder: (y) =>
    y
      .option('environment', {
        alias: 'e',
        type: 'string',
        demandOption: true,
        describe:
          'Environment file: read for clientId, clientSecret, redirectUri, oauthBaseUrl; tokens written back',
      })
      .option('paste', {
        type: 'boolean',
        describe:
          'Wait for the redirected URL (or the bare code) on stdin; default when the redirect URI is elsewhere (e.g. Postman’s callback)',
      })
      .option('listen', {
        type: 'boolean',
        describe:
          'Serve the redirect URI on this machine and catch the redirect; default for https://localhost:PORT/... or http://127.0.0.1:PORT/...',
      })
      .option('open', { type: 'boolean', describe: 'Open the authorize URL in the system browser' })
      .option('timeout', {
        type: 'string',
        default: '120s',
        describe:
          'How long to wait for the redirect or the paste: 90s, 5m (a unit is required; ANAF’s code itself expires after 60 s)',
      })
      .epilog(
        'The authorize URL (printed on stdout) carries a fresh random state. Listening, a redirect without ' +
          'that state (none, or another: any page on this machine can call the port) gets a 400 page and the ' +
          'wait goes on. A pasted URL with another state is refused and nothing is exchanged (one with none is ' +
          'accepted with a notice: whether ANAF echoes state is unverified). A bare code pasted cannot carry a ' +
          'state: it is accepted without that check (paste the whole URL to have it). The code is exchanged the moment it ' +
          'arrives (ANAF gives 60 s), with Basic or body client authentication per clientAuth; the tokens are ' +
          'written atomically under the file’s lock, types kept, authorizationCode cleared. No secret is printed. ' +
          'Listen mode serves only the redirect path (HTTPS with a self-signed certificate made on the fly when the ' +
          'URI is https: the browser warns about it) and stops after the redirect. ' +
          'Exit codes: 0 logged in; 2 bad input (file, missing clientId/clientSecret/redirectUri/oauthBaseUrl, ' +
          '--timeout, --paste with --listen, port in use); 3 authorization needed (denied: the certificate was not ' +
          'presented or was refused; state mismatch; code expired or used; no redirect within the timeout); ' +
          '4 ANAF unreachable.',
      )
      .example(
        '$0 login -e env/prod.json --open',
        'Postman’s callback: approve, then paste the redirected URL',
      )
      .example(
        '$0 login -e env/local.json --listen --timeout 5m',
        'redirect URI https://localhost:9443/callback',
      ),
  handler: async (args) => {
    const { AnafPostmanError } = await import('../errors');
    const { parseDuration } = await import('../duration');
    const { login, MAX_LOGIN_TIMEOUT_MS, openSystemBrowser } = await import('../login');
    if (args.environment.trim() === '') throw new AnafPostmanError('USAGE', '--environment: give a file');
    if (args.paste && args.listen) {
      throw new AnafPostmanError('USAGE', '--paste and --listen exclude each other: give one');
    }
    const timeoutMs = parseDuration(args.timeout, '--timeout', { examples: '90s or 5m' });
    if (timeoutMs <= 0 || timeoutMs > MAX_LOGIN_TIMEOUT_MS) {
      throw new AnafPostmanError(
        'USAGE',
        `--timeout must be longer than 0 and at most 24h, not "${args.timeout}"`,
      );
    }
    const err = (line: string) => process.stderr.write(`${line}\n`);
    const run = login({
      environment: args.environment,
      mode: args.paste ? 'paste' : args.listen ? 'listen' : undefined,
      timeoutMs,
      input: process.stdin,
      openBrowser: args.open ? openSystemBrowser : undefined,
      onMessage: (message) => {
        switch (message.kind) {
          case 'authorizeUrl':
            err('Open this URL in the browser that holds your certificate:');
            process.stdout.write(`${message.url}\n`);
            break;
          case 'listening':
            err(`Waiting for the redirect to ${message.redirectUri} (until ${message.deadline})…`);
            break;
          case 'prompt':
            err(message.text);
            break;
          case 'notice':
            err(`anaf-postman: ${message.text}`);
            break;
        }
      },
    });
    // login() only pauses the stream it read; a pipe left open would keep the process alive.
    const result = await run.finally(() => process.stdin.destroy());
    const expiries = [
      `access token expires ${result.accessTokenExpiresAt ?? '(unknown)'}`,
      result.refreshTokenReceived
        ? `refresh token expires ${result.refreshTokenExpiresAt ?? '(unknown)'}`
        : 'no refresh token received',
    ];
    process.stdout.write(`Logged in: tokens saved to ${result.file} (${expiries.join('; ')})\n`);
    if (result.exposedMode !== undefined) {
      const { exposedWarning } = await import('../store/exposure');
      err(`anaf-postman: warning: ${exposedWarning(result.file, result.exposedMode)}`);
    }
  },
};
