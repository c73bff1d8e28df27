/** Applying new variable values to an environment without disturbing anything else. */
import { SECRET_VARS, type VarName } from '../anaf';
import type { RawEnvironment } from './environment-file';

/**
 * Returns a copy of `env` with `updates` applied: existing variables keep their position, type
 * and unknown fields (Newman's own export would turn `secret` into `any`); new ones are appended,
 * typed `secret` when the contract says so.
 */
export function applyUpdates(env: RawEnvironment, updates: Record<string, string>): RawEnvironment {
  const pending = new Map(Object.entries(updates));
  const values = env.values.map((v) => {
    if (!pending.has(v.key)) return v;
    const value = pending.get(v.key) as string;
    pending.delete(v.key);
    return { ...v, value };
  });
  for (const [key, value] of pending) {
    values.push({
      key,
      value,
      type: SECRET_VARS.includes(key as VarName) ? 'secret' : 'default',
      enabled: true,
    });
  }
  return { ...env, values };
}

/** Serializes an environment the way Postman does (2-space JSON, final newline). */
export function environmentText(env: RawEnvironment): string {
  return `${JSON.stringify(env, null, 2)}\n`;
}
