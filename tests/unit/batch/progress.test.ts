/** Reading a batch's progress file back (`--resume`): a file that is not ours is named, never quoted (#29). */
import fs from 'node:fs';
import path from 'node:path';
import { isAnafError } from '../../../src/errors';
import { Progress } from '../../../src/batch/progress';
import { useTempDir } from '../../helpers/env';

const tmp = useTempDir();

describe('Progress.open with resume', () => {
  it('malformed JSON: BAD_FILE about progressFile with the line and column, not the text', () => {
    const file = path.join(tmp(), 'p.json');
    fs.writeFileSync(file, '{\n  "day": "2026-01-01",\n  "done": {"x": eyJhbGciOiJSUzI1NiJ9secret}\n}\n');
    let err: unknown;
    try {
      Progress.open('refresh', { progressFile: file, resume: true });
    } catch (e) {
      err = e;
    }
    if (!isAnafError(err)) throw new Error('expected an AnafPostmanError');
    expect([err.code, err.exitCode]).toEqual(['BAD_FILE', 2]);
    expect(err.message).toBe(
      `progressFile: ${file} is not a progress file (malformed JSON at line 3, column 17: unexpected character)`,
    );
  });

  it('a missing file starts afresh', () => {
    const progress = Progress.open('refresh', { progressFile: path.join(tmp(), 'none.json'), resume: true });
    expect(progress.doneCount).toBe(0);
  });
});
