/** `anaf-postman demo` as a library: the whole flow on the built-in mock, returned as steps. */
export { runDemo } from './demo';
export type { DemoOptions, DemoResult, DemoStep } from './types';
