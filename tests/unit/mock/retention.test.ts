/** The mock keeps what ANAF keeps, and never without bound (src/mock/retention.ts). */
import { EfacturaStore, type EfacturaUpload } from '../../../src/mock/efactura-store';
import { EtransportStore, type EtransportUpload } from '../../../src/mock/etransport-store';
import { dropOld, MAX_KEPT_BYTES, MAX_KEPT_UPLOADS } from '../../../src/mock/retention';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);

function upload(index: number, uploadedAt: number, bytes = 100): EfacturaUpload {
  return {
    index,
    cif: '12345674',
    standard: 'UBL',
    b2c: false,
    body: Buffer.alloc(bytes),
    uploadedAt,
    pollsLeft: 0,
    outcome: 'ok',
    downloadId: 1_000_000 + index,
  };
}

describe('e-Factura uploads', () => {
  it('an upload older than ANAF’s 60 days goes, with its download id; a younger one stays', () => {
    const store = new EfacturaStore();
    store.add(upload(1, T0));
    store.add(upload(2, T0 + 30 * DAY));
    store.add(upload(3, T0 + 60 * DAY + 1));
    expect([...store.uploads.keys()]).toEqual([2, 3]);
    expect(store.downloads.has(1_000_001)).toBe(false);
    expect(store.downloads.has(1_000_002)).toBe(true);
  });

  it(`at most ${MAX_KEPT_UPLOADS} uploads a stage: the oldest go first`, () => {
    const store = new EfacturaStore();
    for (let i = 1; i <= MAX_KEPT_UPLOADS + 5; i++) store.add(upload(i, T0 + i));
    expect(store.uploads.size).toBe(MAX_KEPT_UPLOADS);
    expect(store.downloads.size).toBe(MAX_KEPT_UPLOADS);
    expect(store.uploads.has(5)).toBe(false);
    expect(store.uploads.has(6)).toBe(true);
  });

  it('at most MAX_KEPT_BYTES of XML a stage', () => {
    const store = new EfacturaStore();
    const big = Math.floor(MAX_KEPT_BYTES / 4) + 1;
    for (let i = 1; i <= 5; i++) store.add(upload(i, T0 + i, big));
    // Four of a quarter and a byte are over the bound: three stay.
    expect([...store.uploads.keys()]).toEqual([3, 4, 5]);
  });
});

describe('e-Transport declarations', () => {
  it('the same 60 days', () => {
    const store = new EtransportStore();
    const declaration = (index: number, uploadedAt: number) =>
      ({
        index,
        uploadedAt,
        cif: '12345674',
        uit: 'x',
        kind: 'notificare',
        pollsLeft: 0,
        outcome: 'ok',
        errors: [],
        details: {},
      }) as EtransportUpload;
    store.add(declaration(1, T0));
    store.add(declaration(2, T0 + 61 * DAY));
    expect([...store.uploads.keys()]).toEqual([2]);
  });
});

describe('dropOld', () => {
  it('tells of each item it drops and returns the bytes left', () => {
    const kept = new Map([
      [1, { uploadedAt: T0, size: 10 }],
      [2, { uploadedAt: T0 + 70 * DAY, size: 20 }],
    ]);
    const gone: number[] = [];
    const left = dropOld(
      kept,
      T0 + 70 * DAY,
      30,
      (x) => x.size,
      (x) => gone.push(x.size),
    );
    expect(gone).toEqual([10]);
    expect(left).toBe(20);
  });
});
