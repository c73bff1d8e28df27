/**
 * `anaf-postman run` (one file and a batch) against a production-like environment: ANAF's real host
 * names, routed to the mock by a preload, so the collection's scripts see production. Nothing is
 * filed without the allowance, the run says what it did not file and stays green, and a healthy
 * environment spends no token.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MOCK_DEMO_CLIENT, Paths } from '../../src/anaf';
import type { MockServer } from '../../src/mock';
import { runCli } from '../helpers/cli';
import { readVars, withMock, withTempDir } from '../helpers/env';
import { ANAF_TO_LOOPBACK, prodLikeEnvironment } from '../helpers/prod-like';

const uploads = (m: MockServer) => m.requests().filter((r) => r.path.includes('/upload'));

function writeProdLike(dir: string, mock: MockServer, name: string, values: Record<string, string> = {}) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(prodLikeEnvironment(mock, values)), { mode: 0o600 });
  return file;
}

it('one production file: exit 0, the three uploads listed as not filed, no token request, tokens as they were', () =>
  withMock({}, (mock) =>
    withTempDir(async (dir) => {
      const file = writeProdLike(dir, mock, 'acme.postman_environment.json');
      const before = readVars(file);
      const reports = path.join(dir, 'reports');
      const r = await runCli(['run', '-e', file, '--report-dir', reports, '--reporters', 'json'], {
        env: ANAF_TO_LOOPBACK,
      });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/not filed with ANAF production \(3; skipped, not failed\):/);
      expect(r.stdout).toMatch(
        /e-Factura \/ upload: upload: not filed: .*allowFilingForCif \(set it to 12345674/,
      );
      expect(r.stdout).toMatch(/e-Transport \/ upload: upload: not filed/);
      expect(uploads(mock)).toEqual([]);
      expect(mock.requests(Paths.token)).toEqual([]);
      expect(readVars(file).refreshToken).toBe(before.refreshToken);
      const report = JSON.parse(fs.readFileSync(path.join(reports, 'report.json'), 'utf8')) as {
        notFiled: { item: string }[];
      };
      expect(report.notFiled.map((n) => n.item)).toEqual([
        'e-Factura / upload',
        'e-Factura / uploadb2c',
        'e-Transport / upload',
      ]);
    }),
  ));

it('a batch of two companies: neither files, each row says so, exit 0', () =>
  withMock({}, (mock) =>
    withTempDir(async (dir) => {
      writeProdLike(dir, mock, 'a.postman_environment.json');
      writeProdLike(dir, mock, 'b.postman_environment.json', { cif: '87654329' });
      const r = await runCli(
        ['run', '-e', path.join(dir, '*.postman_environment.json'), '--reporters', 'cli'],
        {
          env: ANAF_TO_LOOPBACK,
          cwd: dir,
        },
      );
      expect(r.code).toBe(0);
      expect(r.stdout.match(/ 3 not filed \(no allowFilingForCif\)/g)).toHaveLength(2);
      expect(uploads(mock)).toEqual([]);
      expect(mock.requests(Paths.token)).toEqual([]);
    }),
  ));

it('allowed for its cif, the demo documents are refused (exit 1) and still nothing is filed', () =>
  withMock({}, (mock) =>
    withTempDir(async (dir) => {
      const file = writeProdLike(dir, mock, 'acme.postman_environment.json', {
        allowFilingForCif: MOCK_DEMO_CLIENT.cif,
      });
      const r = await runCli(['run', '-e', file, '--folder', 'e-Factura'], { env: ANAF_TO_LOOPBACK });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(
        /upload: refused, not sent to ANAF production: the body is anaf-postman's demo/,
      );
      expect(uploads(mock)).toEqual([]);
    }),
  ));
