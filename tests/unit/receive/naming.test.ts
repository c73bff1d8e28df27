/** The folder-name rule of kept messages: a person finds an invoice; names stay safe everywhere. */
import { dayOf, downloadIdOfFolder, folderName, safeEntryName, safePart } from '../../../src/receive/naming';

describe('safePart', () => {
  it.each([
    ['Țesătoria Ardeleană SRL', 'Tesatoria-Ardeleana-SRL'],
    ['Brutăria „La Cuptor” SRL', 'Brutaria-La-Cuptor-SRL'],
    ['Mobila Şerban & Fiii SRL', 'Mobila-Serban-Fiii-SRL'],
    ['Îngheţată <Artizanală>', 'Inghetata-Artizanala'],
    ['Müller & Söhne GmbH', 'Muller-Sohne-GmbH'],
    ['Straße Łódź', 'Strasse-Lodz'],
    ['FCT 2025/0123', 'FCT-2025-0123'],
    ['../../etc/passwd', 'etc-passwd'],
    ['..', ''],
    ['S.C. Alfa S.R.L.', 'S.C.-Alfa-S.R.L'],
    ['   ', ''],
  ])('%j → %j', (text, safe) => {
    expect(safePart(text, 40)).toBe(safe);
  });

  it('cuts at the limit without leaving a dash or dot at the end', () => {
    expect(safePart('Alfa Beta Gamma', 10)).toBe('Alfa-Beta');
    expect(safePart('a'.repeat(100), 40)).toHaveLength(40);
  });
});

describe('folderName', () => {
  it('DATE_KIND_CIF_NAME_NUMBER_idID, empty parts left out', () => {
    expect(
      folderName({
        date: '2026-03-01',
        kind: 'primita',
        cif: '8486152',
        name: 'Țesătoria Ardeleană SRL',
        number: 'FCT 00123',
        downloadId: '3006372781',
      }),
    ).toBe('2026-03-01_primita_8486152_Tesatoria-Ardeleana-SRL_FCT-00123_id3006372781');
    expect(folderName({ date: '2026-03-01', kind: 'erori', number: 'index5001', downloadId: '3001' })).toBe(
      '2026-03-01_erori_index5001_id3001',
    );
  });

  it('is ASCII, has no path separator and stays short, whatever the supplier wrote', () => {
    const name = folderName({
      date: '2026-03-01',
      kind: 'primita',
      cif: '1'.repeat(40),
      name: '/\\:*?"<>|\u0000 '.repeat(50) + 'Ünïcödé',
      number: '../'.repeat(40),
      downloadId: '3001',
    });
    expect(name).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(Buffer.byteLength(name)).toBeLessThan(160);
    expect(downloadIdOfFolder(name)).toBe('3001');
  });

  it('reads the download id back from a name, and nothing from another name', () => {
    expect(downloadIdOfFolder('2026-03-01_primita_1_id3907000001')).toBe('3907000001');
    expect(downloadIdOfFolder('index.json')).toBeUndefined();
    expect(downloadIdOfFolder('.partial-3907000001-123')).toBeUndefined();
  });

  it('dayOf reads ANAF’s data_creare', () => {
    expect(dayOf('202210311452')).toBe('2022-10-31');
    expect(dayOf(undefined)).toBeUndefined();
  });
});

describe('safeEntryName', () => {
  it('keeps ANAF’s own names and only the last segment of any other', () => {
    expect(safeEntryName('4100000123.xml', 'x.xml')).toBe('4100000123.xml');
    expect(safeEntryName('semnatura_4100000123.xml', 'x.xml')).toBe('semnatura_4100000123.xml');
    expect(safeEntryName('../../.bashrc', 'x.xml')).toBe('bashrc');
    expect(safeEntryName('C:\\evil\\a b.xml', 'x.xml')).toBe('a-b.xml');
    expect(safeEntryName('..', 'x.xml')).toBe('x.xml');
  });
});
