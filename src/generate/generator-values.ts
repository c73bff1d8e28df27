/**
 * Every value `generate` writes, or once wrote, for the variables of a stage's environment: what
 * tells a file the generator wrote from one a person filled in.
 */
import { environmentVariables, type Stage } from '../anaf';
import { resolveOptions, type ResolvedOptions } from './options';

/**
 * Values earlier versions wrote that today's no longer do, per stage and variable. When a default
 * changes, add the old value here: a file generated before still holds it, and without it that
 * file would count as filled in and `generate` would refuse to replace it.
 */
export const FORMER_VALUES: Partial<Record<Stage, Readonly<Record<string, readonly string[]>>>> = {
  mock: { cif: ['12345678'] }, // the demo CIF before it had a valid check digit
};

/**
 * For each variable of `stage`'s environment, the non-empty values the generator writes with
 * `options`, with no options at all, or wrote in an earlier version ({@link FORMER_VALUES}).
 * A value given by an option (`clientId`, `redirectUri`, a `clientAuth` other than the default)
 * counts only while that option is given again: it cannot be told apart from one a person typed.
 */
export function generatorValues(options: ResolvedOptions, stage: Stage): Record<string, string[]> {
  const values: Record<string, string[]> = {};
  const add = (key: string, value: string) => {
    if (value === '') return;
    const list = (values[key] ??= []);
    if (!list.includes(value)) list.push(value);
  };
  for (const o of [options, resolveOptions()]) {
    for (const v of environmentVariables(stage, o)) add(v.key, v.value);
  }
  for (const [key, list] of Object.entries(FORMER_VALUES[stage] ?? {})) list.forEach((v) => add(key, v));
  return values;
}
