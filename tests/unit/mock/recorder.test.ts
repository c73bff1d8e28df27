/**
 * The mock's request log stays bounded in bytes (issue #13 item 13): a hundred 10 MB uploads used to
 * be kept whole, 1.1 GB, after which `GET /__mock/requests` could not serialise the log (a 500).
 */
import { Recorder, RECORDED_BODY_LIMIT, RECORDED_BYTES_LIMIT } from '../../../src/mock/recorder';
import type { RecordedRequest } from '../../../src/mock/types';
import { first } from '../../helpers/checked';

const TEN_MB = 'x'.repeat(10 * 1024 * 1024);

function request(i: number, body: string): RecordedRequest {
  return {
    method: 'POST',
    path: '/prod/FCTEL/rest/upload',
    query: { n: String(i) },
    headers: {},
    body,
    at: i,
  };
}

describe('Recorder', () => {
  it('keeps a hundred 10 MB uploads in a log that still serialises, bodies cut at the limit', () => {
    const recorder = new Recorder();
    for (let i = 0; i < 100; i++) recorder.add({ ...request(i, TEN_MB), bodySize: TEN_MB.length });
    const log = recorder.get();
    expect(log).toHaveLength(100);
    const serialised = JSON.stringify(log);
    expect(serialised.length).toBeLessThan(RECORDED_BYTES_LIMIT + 100 * 1024);
    const oldest = first(log);
    expect(oldest).toMatchObject({ bodySize: TEN_MB.length, bodyTruncated: true });
    expect(oldest.body).toHaveLength(RECORDED_BODY_LIMIT);
  });

  it('drops the oldest requests once the bodies pass the byte limit', () => {
    const recorder = new Recorder();
    const body = 'y'.repeat(RECORDED_BODY_LIMIT);
    const fit = RECORDED_BYTES_LIMIT / RECORDED_BODY_LIMIT;
    for (let i = 0; i < fit + 10; i++) recorder.add(request(i, body));
    const log = recorder.get();
    expect(log).toHaveLength(fit);
    expect(first(log).query.n).toBe('10');
  });

  it('keeps small bodies whole and unmarked', () => {
    const recorder = new Recorder();
    recorder.add(request(1, 'a=b'));
    expect(recorder.get()[0]).toEqual(request(1, 'a=b'));
  });
});
