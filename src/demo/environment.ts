/** The demo's environment: the committed mock environment, pointed at this run's mock, in memory only. */
import fs from 'node:fs';
import { SECRET_VARS, stageBaseUrls, type VarName } from '../anaf';
import type { PostmanEnvironment } from '../generate';
import { environmentFileName } from '../generate';
import { packagePath } from '../paths';

/** Variable values by name. */
export type Values = Record<string, string>;

/** The committed `environments/anaf-mock…` file's values with the base URLs of the mock at `mockUrl`. */
export function mockValues(mockUrl: string): Values {
  const file = packagePath('environments', environmentFileName('mock'));
  const env = JSON.parse(fs.readFileSync(file, 'utf8')) as PostmanEnvironment;
  const values: Values = Object.fromEntries(env.values.map((v) => [v.key, v.value]));
  return { ...values, ...stageBaseUrls('mock', mockUrl) };
}

/** A Postman environment object holding `values` (never written to disk). */
export function toEnvironment(values: Values): PostmanEnvironment {
  return {
    id: 'anaf-postman-demo',
    name: 'ANAF mock (demo)',
    values: Object.entries(values).map(([key, value]) => ({
      key,
      value,
      type: SECRET_VARS.includes(key as VarName) ? 'secret' : 'default',
      enabled: true,
    })),
    _postman_variable_scope: 'environment',
  };
}
