/** Options → the prod, test and mock environments. */
import { environmentVariables, STAGE_NAMES, type Stage } from '../anaf';
import { stableId } from './ids';
import type { ResolvedOptions } from './options';
import type { PostmanEnvironment } from './types';

/** Stages in file order. */
export const STAGES: readonly Stage[] = ['prod', 'test', 'mock'];

/** Builds the environment of `stage`. Secret variables are typed `secret` and left empty (mock: demo values). */
export function buildEnvironment(options: ResolvedOptions, stage: Stage): PostmanEnvironment {
  return {
    id: stableId('environment', stage),
    name: STAGE_NAMES[stage],
    values: environmentVariables(stage, options).map((v) => ({ ...v, enabled: true })),
    _postman_variable_scope: 'environment',
  };
}
