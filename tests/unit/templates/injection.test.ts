/**
 * Scripts carry variable names, never values: a client id or redirect URI full of quotes, `{{`,
 * backslashes and `</script>` leaves every script byte-identical to the default generation.
 */
import vm from 'node:vm';
import { generate } from '../../../src/generate';
import { at } from '../../helpers/checked';
import { scriptsOf } from './helpers';

const HOSTILE_CLIENT_ID = `a"b'c\`d\\e{{clientSecret}}}}</script><script>alert(1)</script>\u2028\u2029\${x}`;
const HOSTILE_REDIRECT = `https://evil.example/cb?q="';\\{{accessToken}}</script>&x=\`\${1}\``;

describe('script injection', () => {
  for (const clientAuth of ['basic', 'body'] as const) {
    it(`hostile --client-id / --redirect-uri change no script (${clientAuth})`, () => {
      const plain = generate({ clientAuth });
      const hostile = generate({ clientAuth, clientId: HOSTILE_CLIENT_ID, redirectUri: HOSTILE_REDIRECT });
      // The values did reach the generator (they are in the environments), so the comparison means something.
      const prod = hostile.environments.find((e) => e.stage === 'prod')!.environment;
      expect(prod.values.find((v) => v.key === 'clientId')?.value).toBe(HOSTILE_CLIENT_ID);
      expect(prod.values.find((v) => v.key === 'redirectUri')?.value).toBe(HOSTILE_REDIRECT);

      plain.collections.forEach((c, i) => {
        const before = scriptsOf(c.collection);
        const after = scriptsOf(at(hostile.collections, i).collection);
        expect([...after.keys()]).toEqual([...before.keys()]);
        for (const [name, source] of after) {
          expect([name, source]).toEqual([name, before.get(name)]);
          expect(source).not.toContain('evil.example');
          expect(source).not.toContain('</script>');
          expect(() => new vm.Script(source, { filename: name })).not.toThrow();
        }
      });
    });
  }
});
