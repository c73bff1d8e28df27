/** Environment files: read, validate, lock, write atomically, keep variable types and order. */
export * from './environment-file';
export * from './update';
export * from './lock';
export * from './locked-environment';
export * from './save';
export { writeTextAtomic } from './atomic';
export * from './json-text';
export * from './input-file';
export * from './writable';
export * from './exposure';
export * from './leftovers';
