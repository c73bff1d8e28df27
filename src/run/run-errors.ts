/** The errors a run throws after Newman started: each says whether the variables were saved. */
import { AnafPostmanError, isAnafError, optionError } from '../errors';
import type { Redactor } from './redact';

/** A message on one line, without secrets. */
export function oneLine(text: string, redactor: Redactor): string {
  return redactor.redact(text).replace(/\s*\n\s*/g, ' ');
}

/** What the error message says about the variables, which are saved before any error is thrown. */
function savedNote(file: string, changed: string[]): string {
  return changed.length
    ? `the changed variables (${changed.join(', ')}) were saved in ${file}`
    : `no variable had changed (${file} untouched)`;
}

/** The typed error for Newman's callback error (the variables are already saved). */
export function newmanError(
  err: Error,
  file: string,
  changed: string[],
  redactor: Redactor,
): AnafPostmanError {
  const e = err as NodeJS.ErrnoException & { help?: unknown };
  const note = savedNote(file, changed);
  // Newman's exports (the junit and html reports) fail with a file system error and a `help` text.
  if (typeof e.help === 'string' || (typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code))) {
    const what = typeof e.help === 'string' ? e.help : e.message;
    return optionError(
      'WRITE_FAILED',
      'reportDir',
      `${oneLine(what, redactor)} (${e.code ?? oneLine(e.message, redactor)}); ${note}`,
      { file },
    );
  }
  return new AnafPostmanError('INTERNAL', `Newman failed: ${oneLine(e.message, redactor)}; ${note}`, {
    file,
  });
}

/** The typed error for a report that could not be written or redacted (the variables are saved). */
export function reportError(
  err: unknown,
  file: string,
  changed: string[],
  redactor: Redactor,
): AnafPostmanError {
  const note = savedNote(file, changed);
  if (isAnafError(err)) {
    // An error about the report folder already names it; one about a report file is given the name.
    const why = oneLine(err.message, redactor).replace(/^reportDir: /, '');
    return optionError('WRITE_FAILED', 'reportDir', `${why}; ${note}`, { ...err.details, file });
  }
  const e = err as NodeJS.ErrnoException;
  if (typeof e?.code === 'string') {
    return optionError(
      'WRITE_FAILED',
      'reportDir',
      `cannot write the reports (${e.code}${e.path ? `: ${e.path}` : ''}); ${note}`,
      { file },
      err,
    );
  }
  return new AnafPostmanError(
    'INTERNAL',
    `reports: ${oneLine(String(e?.message ?? err), redactor)}; ${note}`,
    {
      file,
    },
  );
}
