/**
 * `iterationData`: the rows of a CSV or JSON file, as newman's `-d` reads them. Each row becomes
 * one iteration whose variables (`cif` at least, for accounting firms) override the environment's.
 * Read here rather than by Newman so that a bad file is one line before anything is sent, and so
 * the reports can name each iteration by its `cif`.
 */
import { Var } from '../anaf';
import { optionError } from '../errors';
import { InputFileError, MAX_ITERATION_DATA_BYTES, readInputFile } from '../store/input-file';
import { JsonTextError, parseJsonText } from '../store/json-text';

/** One iteration's variables. */
export type IterationRow = Record<string, string>;

/** Splits CSV text (RFC 4180: quoted fields, doubled quotes, CRLF or LF) into records. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (c === ',') {
      record.push(field.trim());
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field.trim());
      if (record.some((f) => f !== '')) records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  record.push(field.trim());
  if (record.some((f) => f !== '')) records.push(record);
  return records;
}

function rowsFromCsv(text: string, file: string): IterationRow[] {
  const [header, ...records] = parseCsv(text);
  if (!header || header.some((h) => h === '')) {
    throw optionError('BAD_FILE', 'iterationData', `${file}: the first line must name every column`, {
      file,
    });
  }
  return records.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

function rowsFromJson(data: unknown, file: string): IterationRow[] {
  if (!Array.isArray(data) || !data.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r))) {
    throw optionError('BAD_FILE', 'iterationData', `${file}: JSON must be an array of objects`, { file });
  }
  return (data as Record<string, unknown>[]).map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])),
  );
}

/**
 * Reads `file`: JSON when it starts with `[` or `{`, else CSV with a header line. A regular file of
 * at most {@link MAX_ITERATION_DATA_BYTES}; malformed JSON is named by line and column, never by
 * its content.
 * @throws AnafPostmanError `BAD_FILE` about the `iterationData` option: missing, unreadable, not a
 *   regular file, too large, malformed JSON, no rows, or not an array of objects / a CSV with a header.
 */
export function readIterationData(file: string): IterationRow[] {
  let text: string;
  try {
    text = readInputFile(file, MAX_ITERATION_DATA_BYTES)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
  } catch (err) {
    const why = err instanceof InputFileError ? err.message : String(err);
    throw optionError('BAD_FILE', 'iterationData', `${file}: ${why}`, { file });
  }
  // A CSV header never starts with a bracket: such a file is JSON, and its syntax errors say so
  // instead of turning into one odd CSV column.
  const isJson = /^\s*[[{]/.test(text);
  let json: unknown;
  if (isJson) {
    try {
      json = parseJsonText(text);
    } catch (err) {
      const why = err instanceof JsonTextError ? err.message : 'malformed JSON';
      throw optionError('BAD_FILE', 'iterationData', `${file}: ${why}`, { file });
    }
  }
  const rows = isJson ? rowsFromJson(json, file) : rowsFromCsv(text, file);
  if (rows.length === 0) {
    throw optionError('BAD_FILE', 'iterationData', `${file}: no rows`, { file });
  }
  return rows;
}

/** What names an iteration in the reports: its `cif`, when the row sets one. */
export function iterationLabel(row: IterationRow | undefined): string | undefined {
  const cif = row?.[Var.cif];
  return cif ? `${Var.cif} ${cif}` : undefined;
}
