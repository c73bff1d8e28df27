/** Several `anaf-postman refresh` processes on one environment file at the same moment. */
import fs from 'node:fs';
import { runCli } from '../../helpers/cli';
import {
  findSecrets,
  readVars,
  refreshDirect,
  sentRefreshTokens,
  startRecordingProxy,
  TOKEN_PATH,
  useMock,
  useTempDir,
  writeEnv,
} from '../../helpers/env';
import { at, entry } from '../../helpers/checked';

const mock = useMock();
const tmp = useTempDir();

describe('four processes refreshing one file at once', () => {
  it('all succeed, each uses the refresh token the previous one saved, the final one works', async () => {
    const proxy = await startRecordingProxy(mock());
    try {
      const tokens = mock().issueTokens();
      const file = writeEnv(tmp(), { origin: proxy.url, tokens });
      // A slow token endpoint widens the window in which the four would overlap without the lock.
      mock().setOptions({ latencyMs: 300 });
      const results = await Promise.all([1, 2, 3, 4].map(() => runCli(['refresh', '-e', file])));

      for (const r of results) {
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(/1 refreshed, 0 skipped, 0 failed/);
      }
      const sent = sentRefreshTokens(mock());
      expect(sent).toHaveLength(4);
      expect(sent[0]).toBe(tokens.refresh_token);
      // The chain: request n+1 carries exactly the refresh token answered to request n.
      expect(proxy.tokenAnswers).toHaveLength(4);
      for (let i = 1; i < 4; i++) expect(sent[i]).toBe(at(proxy.tokenAnswers, i - 1).refresh_token);
      expect(proxy.maxInFlight).toBe(1);

      const final = readVars(file);
      expect(final.refreshToken).toBe(at(proxy.tokenAnswers, 3).refresh_token);
      expect(final.accessToken).toBe(at(proxy.tokenAnswers, 3).access_token);
      expect(fs.readdirSync(tmp())).toEqual(['env.postman_environment.json']);
      const output = Object.fromEntries(results.flatMap((r, i) => [[`stdout${i}`, r.stdout]]));
      expect(findSecrets(output, proxy.secrets)).toEqual([]);

      mock().setOptions({ latencyMs: 0 });
      expect((await refreshDirect(mock().url, entry(final, 'refreshToken'))).status).toBe(200);
      expect(mock().requests(TOKEN_PATH)).toHaveLength(5);
    } finally {
      await proxy.close();
    }
  });
});
