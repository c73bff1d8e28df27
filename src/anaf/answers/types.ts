/** Types of the documented-answer tables. */

/**
 * How the collection's tests must judge an answer: `pass` (success), `fail` (an error, shown in
 * ANAF's words) or `note` (a normal in-between state such as "in prelucrare": passes with a note).
 */
export type Verdict = 'pass' | 'fail' | 'note';

/** One named answer of an operation, as ANAF's OpenAPI document gives it. */
export interface DocumentedAnswer {
  /** ANAF's name for the example (Romanian, as published). */
  name: string;
  status: number;
  contentType: string;
  verdict: Verdict;
  /** What the answer means, in our words. */
  summary: string;
  /** ANAF's example body, as text. Two are placeholders ("fisierul Pdf", "fisier cu extensia zip…"). */
  body: string;
}

/** One operation of ANAF's OpenAPI documents. */
export interface AnafOperation {
  /** Our id: the collection request's id where the collection calls it. */
  id: string;
  method: 'GET' | 'POST';
  /** The OpenAPI path template, below the service base (the signature check: below the host). */
  path: string;
  /** The vendored OpenAPI file (`tests/fixtures/anaf/openapi/`). */
  spec: string;
  answers: readonly DocumentedAnswer[];
}
