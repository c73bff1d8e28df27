/** The prod, test and mock environments as Bruno environment files. */
import { environmentVariables, Var, type Stage } from '../anaf';
import type { ResolvedOptions } from '../generate/options';
import { bruFile, dictBlock } from './bru';

/**
 * The `.bru` text of a stage's environment. Every variable is a plain one, except the client
 * secret of prod and test: Bruno keeps a `vars:secret` value out of the file (the app stores it
 * encrypted; `bru run` takes it from `--env-var clientSecret=…`), but it also never writes one
 * back, and the tokens must be written back: a rotated refresh token is the only one that works.
 * The committed files hold no token and no secret (the mock's public demo client excepted).
 */
export function environmentFile(options: ResolvedOptions, stage: Stage): string {
  const variables = environmentVariables(stage, {
    clientId: options.clientId,
    redirectUri: options.redirectUri,
    clientAuth: options.clientAuth,
  });
  const secret = (key: string) => stage !== 'mock' && key === Var.clientSecret;
  const plain = variables.filter((v) => !secret(v.key)).map((v) => ({ key: v.key, value: v.value }));
  const secrets = variables.filter((v) => secret(v.key)).map((v) => `  ${v.key}`);
  return bruFile([
    dictBlock('vars', plain),
    secrets.length ? `vars:secret [\n${secrets.join(',\n')}\n]` : undefined,
  ]);
}
