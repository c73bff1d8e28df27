/**
 * Environment files that hold a secret or a token while other users can read them. Only reported:
 * the file is the user's, and a silent chmod could break a setup that shares it on purpose.
 */
import fs from 'node:fs';
import { MOCK_DEMO_CLIENT, SECRET_VARS, Var, type VarName } from '../anaf';
import { valueText, type RawEnvironment } from './environment-file';

/**
 * True when `env` holds a secret or a token, in any variable, disabled ones too: they are in the
 * file all the same. The mock's public demo secret is neither.
 */
export function holdsSecret(env: RawEnvironment): boolean {
  return env.values.some((v) => {
    const value = valueText(v.value);
    if (value === '' || !SECRET_VARS.includes(v.key as VarName)) return false;
    return !(v.key === Var.clientSecret && value === MOCK_DEMO_CLIENT.clientSecret);
  });
}

/**
 * The permission bits of `file` (e.g. `0o644`) when `env`, its content, holds a secret or a token
 * and group or others have any access to it; undefined otherwise, when the file cannot be
 * examined, and on Windows, where these bits mean nothing.
 */
export function exposedMode(file: string, env: RawEnvironment): number | undefined {
  if (process.platform === 'win32' || !holdsSecret(env)) return undefined;
  let mode: number;
  try {
    mode = fs.statSync(file).mode & 0o777;
  } catch {
    return undefined;
  }
  return (mode & 0o077) !== 0 ? mode : undefined;
}

/** The warning for an {@link exposedMode}: `FILE holds a secret … (mode 0644); chmod 600 it`. */
export function exposedWarning(file: string, mode: number): string {
  const octal = mode.toString(8).padStart(4, '0');
  return `${file} holds a secret or a token and is open to other users (mode ${octal}); chmod 600 it`;
}
