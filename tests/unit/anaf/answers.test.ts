/**
 * The documented-answer table of `src/anaf/answers/` against ANAF's vendored OpenAPI documents:
 * every named answer of every operation is in the table, with its status, content type and body.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ANAF_OPERATIONS } from '../../../src/anaf';

const DIR = path.resolve(__dirname, '..', '..', 'fixtures', 'anaf', 'openapi');

interface Example {
  value: unknown;
}
interface Content {
  examples?: Record<string, Example>;
  example?: unknown;
  schema?: { example?: unknown };
}
interface Spec {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, Content> }> }>>;
}

function documented(file: string, specPath: string, method: string) {
  const spec = JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as Spec;
  const op = spec.paths[specPath]?.[method.toLowerCase()];
  if (!op) throw new Error(`${file} has no ${method} ${specPath}`);
  const out: { name: string; status: number; contentType: string; body: string }[] = [];
  for (const [status, response] of Object.entries(op.responses)) {
    for (const [contentType, content] of Object.entries(response.content ?? {})) {
      const named = Object.entries(content.examples ?? {}).map(([name, e]) => [name, e.value] as const);
      // One answer is published as a bare example (no name): the table names it by its status.
      const bare = content.example ?? content.schema?.example;
      if (!content.examples && bare !== undefined) named.push([status, bare]);
      for (const [name, value] of named) {
        const body = typeof value === 'string' ? value : JSON.stringify(value);
        out.push({ name, status: Number(status), contentType, body });
      }
    }
  }
  return out;
}

describe('documented answers', () => {
  it('cover every operation path of every vendored document', () => {
    const files = fs.readdirSync(DIR);
    const inSpecs = files.flatMap((file) => {
      const spec = JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as Spec;
      return Object.entries(spec.paths).flatMap(([p, ops]) =>
        Object.keys(ops).map((m) => `${file} ${m.toUpperCase()} ${p}`),
      );
    });
    expect(ANAF_OPERATIONS.map((o) => `${o.spec} ${o.method} ${o.path}`).sort()).toEqual(inSpecs.sort());
  });

  it.each(ANAF_OPERATIONS.map((o) => [o.id, o] as const))(
    '%s: every named answer, as published',
    (_id, op) => {
      const table = op.answers.map(({ name, status, contentType, body }) => ({
        name,
        status,
        contentType,
        body,
      }));
      expect(table).toEqual(documented(op.spec, op.path, op.method));
    },
  );

  it('every answer has a verdict and our own one-line summary', () => {
    for (const op of ANAF_OPERATIONS) {
      for (const a of op.answers) {
        expect(['pass', 'fail', 'note']).toContain(a.verdict);
        expect(a.summary).toMatch(/^[^\n]{8,120}$/);
        expect(a.summary).not.toBe(a.name);
      }
    }
  });

  it('counts', () => {
    const total = ANAF_OPERATIONS.reduce((n, o) => n + o.answers.length, 0);
    expect({ operations: ANAF_OPERATIONS.length, total }).toEqual({ operations: 15, total: 135 });
  });
});
