/**
 * Logging in with the browser: the authorize URL, the redirect caught by a local listener or
 * pasted, the state checked and the code exchanged at once, the tokens saved with the store.
 * No console output here: the CLI (`src/cli/login.ts`) prints.
 */
export { login, DEFAULT_LOGIN_TIMEOUT_MS, MAX_LOGIN_TIMEOUT_MS, formatDuration } from './login';
export { authorizeUrl, newState } from './authorize-url';
export { parsePasted, checkState, callbackError, type Callback, type StateCheck } from './callback';
export { localTarget, loadLoginConfig, chooseMode, type LocalTarget, type LoginConfig } from './config';
export { exchangeCode, saveTokens, loginUpdates } from './exchange';
export { openSystemBrowser, openCommand } from './open-browser';
export type { LoginMessage, LoginMode, LoginOptions, LoginResult } from './types';
