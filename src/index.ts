/**
 * anaf-postman as a library. Nothing here prints or exits: functions return results or throw
 * {@link AnafPostmanError} with a stable `code`.
 *
 * The mock is a separate entry point: `require('anaf-postman/mock')`.
 * @packageDocumentation
 */
export { AnafPostmanError, ErrorCodes, ExitCode, isAnafError, type ErrorCode } from './errors';
export {
  generate,
  generatedFiles,
  type GenerateOptions,
  type GenerateResult,
  type GeneratedFile,
} from './generate';
export type { PostmanCollection, PostmanEnvironment } from './generate';
export { generateBruno, brunoCollectionDir, type BrunoOptions, type BrunoFormat } from './bruno';
export { generatePostmanV3, postmanV3CollectionDir } from './postman-v3';
export { run, type RunOptions, type RunSummary } from './run/run';
export {
  download,
  type CompanyResult,
  type DownloadEvent,
  type DownloadFailure,
  type DownloadOptions,
  type DownloadSummary,
} from './receive/download';
export type { KeptMessage } from './receive/folder';
export { refresh, type RefreshOptions, type RefreshResult, type RefreshSummary } from './tokens/refresh';
export { refreshFile, type RefreshFileOptions, type RefreshFileResult } from './tokens/refresh-file';
export { status, type StatusEntry, type StatusSummary } from './tokens/status';
export * as anaf from './anaf';
export { renderGuides, guideFiles, guideFileName, type Guide, type GuideOptions } from './docs';
export { login, type LoginOptions, type LoginResult } from './login';
