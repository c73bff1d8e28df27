/** ANAF as data: the single source read by the generator, the scripts, the docs and the mock. */
export * from './variables';
export * from './hosts';
export * from './oauth';
export * from './endpoints';
export * from './environments';
export * from './cui';
export * from './cnp';
export * from './taxpayer';
export * from './limits';
export * from './messages';
export * from './received';
export * from './answers';
export * from './token-rules';
export * from './filing-rules';
export * from './flag-rules';
export * from './answer-rules';
export * from './uit';
