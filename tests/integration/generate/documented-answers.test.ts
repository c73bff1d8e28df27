/**
 * Every documented answer of every operation the collection calls, run through Newman against
 * ANAF's real hostnames (nock): a success passes, an error fails and the failure carries ANAF's own
 * words, an in-between state passes with a note. The answers are the table in `src/anaf/answers/`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nock from 'nock';
import {
  ALL_ENDPOINTS,
  ANAF_OPERATIONS,
  isDailyQuota,
  ruleMessage,
  type DocumentedAnswer,
  type EndpointSpec,
} from '../../../src/anaf';
import { stableId } from '../../../src/generate/ids';
import { API, committedCollection, jwt, nowSeconds, prodEnvironment, runNewman } from './helpers';
import { useStrictNock } from './nock-setup';

useStrictNock();

const collection = committedCollection();
const access = jwt(nowSeconds() + 30 * 86400);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anaf-answers-'));
const invoiceFile = path.join(dir, 'invoice.xml');
const signatureFile = path.join(dir, 'semnatura.xml');
fs.writeFileSync(invoiceFile, '<Invoice/>');
fs.writeFileSync(signatureFile, '<Signature/>');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Inputs every request needs so none skips itself. */
const VALUES = {
  accessToken: access,
  uploadIndex: '5001120362',
  downloadId: '3001474425',
  etransportUploadIndex: '5001120362',
  signatureInvoiceFile: invoiceFile,
  signatureFile,
};

/** Where the prod environment sends each base variable. */
const BASES: Record<string, string> = {
  efacturaBaseUrl: '/prod/FCTEL/rest',
  efacturaToolsBaseUrl: '/prod/FCTEL/rest',
  etransportBaseUrl: '/prod/ETRANSPORT/ws/v1',
  apiBaseUrl: '',
};

/** The two documented bodies that only name what comes (a ZIP, a PDF): real bytes instead. */
function wireBody(answer: DocumentedAnswer): string | Buffer {
  if (answer.body.startsWith('fisier cu extensia zip'))
    return Buffer.from('PK\u0003\u0004mock-zip', 'latin1');
  if (answer.body === 'fisierul Pdf') return '%PDF-1.4\n%mock\n';
  return answer.body;
}

function contentType(answer: DocumentedAnswer): string {
  if (answer.contentType !== '*/*') return answer.contentType;
  if (answer.body.startsWith('fisier cu extensia zip')) return 'application/zip';
  if (answer.body === 'fisierul Pdf') return 'application/pdf';
  return 'application/json';
}

/** ANAF's words in an answer: what a failing test must show. */
function anafWords(answer: DocumentedAnswer): string {
  const xmlError = /errorMessage="([^"]*)"/.exec(answer.body)?.[1];
  if (xmlError !== undefined) return xmlError;
  const stare = /stare="([^"]*)"/.exec(answer.body)?.[1];
  if (stare !== undefined) return stare;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(answer.body) as Record<string, unknown>;
  } catch {
    return /"eroare":"([^"]*)"/.exec(answer.body)?.[1] ?? answer.body;
  }
  const list = (body.Errors ?? body.Messages) as { errorMessage?: string; message?: string }[] | undefined;
  const first = list?.[0];
  // A validation rule is shown as "code: text", whichever of ANAF's forms it comes in.
  if (first) return first.errorMessage ?? ruleMessage(first.message);
  if (body.stare && body.stare !== 'nok') return String(body.stare);
  return String(body.eroare ?? body.message ?? body.error ?? body.msg);
}

/** The request's id in the collection, derived as the generator derives it. */
function requestIdOf(endpoint: EndpointSpec): string {
  return stableId('request', endpoint.id);
}

const called = ANAF_OPERATIONS.filter((op) => ALL_ENDPOINTS.some((e) => e.id === op.id));
const cases = called.flatMap((op) =>
  op.answers.map((answer) => [op.id, answer.name, answer.verdict, op, answer] as const),
);

it('the collection calls 14 of the 15 documented operations (not upload without a schema version)', () => {
  expect(called.map((o) => o.id)).toHaveLength(14);
  expect(ANAF_OPERATIONS.filter((o) => !called.includes(o)).map((o) => o.id)).toEqual([
    'etransport.uploadFaraVersiune',
  ]);
});

describe.each(cases)('%s: "%s" (%s)', (_id, _name, verdict, op, answer) => {
  it('is judged as documented', async () => {
    const endpoint = ALL_ENDPOINTS.find((e) => e.id === op.id)!;
    const prefix = `${BASES[endpoint.base]}${op.path.replace(/\{.*$/, '')}`;
    nock(API, { reqheaders: { authorization: `Bearer ${access}` } })
      .intercept((uri) => uri.startsWith(prefix), op.method)
      .reply(answer.status, wireBody(answer), { 'Content-Type': contentType(answer) });
    const r = await runNewman({
      collection,
      environment: prodEnvironment(VALUES),
      folder: requestIdOf(endpoint),
    });
    const messages = r.failures.map((f) => f.message).join('\n');
    if (verdict === 'pass') {
      expect(r.failures).toEqual([]);
      expect(r.assertions.length).toBeGreaterThan(1);
    } else if (verdict === 'note') {
      expect(r.failures).toEqual([]);
      expect(r.console.some((l) => l.startsWith('info: '))).toBe(true);
    } else {
      expect(r.failures.length).toBeGreaterThan(0);
      expect(messages).toContain(anafWords(answer).slice(0, 150));
      if (isDailyQuota(answer.body)) expect(messages).toContain('daily limit reached');
    }
  });
});
