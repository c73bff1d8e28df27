/** The filing rules the scripts inline: where a URL files, for whom, and which bodies are our demos. */
import fs from 'node:fs';
import path from 'node:path';
import {
  DEMO_MARKERS,
  demoMarker,
  documentHash,
  filingCif,
  filingTarget,
  flagValue,
  stageBaseUrls,
} from '../../../src/anaf';

const SAMPLES = path.resolve(__dirname, '..', '..', '..', 'templates', 'samples');
const samples = fs.readdirSync(SAMPLES).filter((f) => f.endsWith('.xml'));
const sample = (name: string) => fs.readFileSync(path.join(SAMPLES, name), 'utf8');

describe('filingTarget', () => {
  it.each([
    [`${stageBaseUrls('mock', 'http://127.0.0.1:3003').efacturaBaseUrl}/upload?cif=1`, 'local'],
    ['http://localhost:9/prod/FCTEL/rest/upload', 'local'],
    ['http://[::1]:9/prod/ETRANSPORT/ws/v1/upload/ETRANSP/1/2', 'local'],
    ['http://127.9.9.9/prod/FCTEL/rest/upload', 'local'],
    [`${stageBaseUrls('test').efacturaBaseUrl}/upload?standard=UBL&cif=1`, 'test'],
    [`${stageBaseUrls('test').etransportBaseUrl}/upload/ETRANSP/1/2`, 'test'],
    ['HTTPS://API.ANAF.RO./test/FCTEL/rest/upload', 'test'],
    [`${stageBaseUrls('prod').efacturaBaseUrl}/upload?standard=UBL&cif=1`, 'production'],
    [`${stageBaseUrls('prod').etransportBaseUrl}/upload/ETRANSP/1/2`, 'production'],
  ] as const)('%s → %s', (url, target) => {
    expect(filingTarget(url)).toBe(target);
  });

  it.each([
    ['https://api.anaf.ro/test/../prod/FCTEL/rest/upload', 'a dot segment back to prod'],
    ['https://api.anaf.ro/test/%2e%2e/prod/FCTEL/rest/upload', 'an encoded dot segment'],
    ['https://api.anaf.ro/test\\..\\prod/FCTEL/rest/upload', 'backslashes'],
    ['https://api.anaf.ro/Test/FCTEL/rest/upload', 'another case of the stage'],
    ['https://127.0.0.1.example.com/prod/upload', 'a name that starts like loopback'],
    ['https://api.anaf.ro.example.com/test/upload', 'a name that starts like ANAF'],
    ['https://127.0.0.1@api.anaf.ro/prod/FCTEL/rest/upload', 'loopback as user info'],
    ['https://gateway.example.com/test/FCTEL/rest/upload', 'a gateway that may forward to production'],
    ['{{efacturaBaseUrl}}/upload', 'an unresolved variable'],
    ['', 'nothing'],
  ])('%s is production (%s): when in doubt, production', (url) => {
    expect(filingTarget(url)).toBe('production');
  });
});

describe('filingCif', () => {
  it('reads e-Factura’s cif query parameter and e-Transport’s path segment', () => {
    expect(filingCif('https://api.anaf.ro/prod/FCTEL/rest/upload?standard=UBL&cif=12345674&extern=DA')).toBe(
      '12345674',
    );
    expect(filingCif('https://api.anaf.ro/prod/ETRANSPORT/ws/v1/upload/ETRANSP/1000101400015/2')).toBe(
      '1000101400015',
    );
    expect(filingCif('https://api.anaf.ro/prod/FCTEL/rest/upload?cif=%2012345674')).toBe('12345674');
    expect(filingCif('https://api.anaf.ro/prod/FCTEL/rest/upload?standard=UBL')).toBe('');
  });
});

describe('demoMarker: the shipped documents never pass for a user’s own', () => {
  it.each(samples)('%s carries at least three different markers', (name) => {
    const text = sample(name).toLowerCase();
    const carried = DEMO_MARKERS.filter((m) => text.includes(m));
    const ids = /(>|=")\s*demo-/.test(text) ? 1 : 0;
    expect(carried.length + ids).toBeGreaterThanOrEqual(3);
    expect(demoMarker(sample(name))).not.toBe('');
  });

  it.each(samples)('%s is still a demo after a user changed its tax codes, number and layout', (name) => {
    const edited = sample(name)
      .replace(/<!--[^]*?-->/g, '')
      .replace(/\d{8,13}/g, '40404040')
      .replace(/DEMO-[\w-]+/g, 'F-2026-1')
      .replace(/>\s+</g, '><')
      .toUpperCase();
    expect(demoMarker(edited)).not.toBe('');
  });

  it('each marker alone is enough, whatever its case and line breaks', () => {
    for (const marker of DEMO_MARKERS) {
      const spread = marker.toUpperCase().replace(/ /g, '\n   ');
      expect(demoMarker(`<Invoice><cbc:Note>${spread}</cbc:Note></Invoice>`)).toBe(marker);
    }
    expect(demoMarker('<Invoice><cbc:ID> Demo-B2C-7 </cbc:ID></Invoice>')).toBe('demo-b2c-7');
    expect(demoMarker('<eTransport refDeclarant="DEMO-0001"/>')).toBe('demo-0001');
  });

  it('a real-looking document carries none (a product called "demo" included)', () => {
    const own =
      '<Invoice><cbc:ID>FCT-2026-0042</cbc:ID><cac:Item><cbc:Name>Licenta demo software</cbc:Name></cac:Item>' +
      '<cbc:RegistrationName>Exemplu Impex SRL</cbc:RegistrationName></Invoice>';
    expect(demoMarker(own)).toBe('');
  });
});

describe('documentHash', () => {
  it('is the same for the same document laid out differently, and differs for another', () => {
    const a = sample('invoice-ubl.xml');
    expect(documentHash(a)).toBe(documentHash(a.replace(/\n\s*/g, '\n\t\t')));
    expect(documentHash(a)).not.toBe(documentHash(a.replace('100.00', '100.01')));
  });
});

describe('flagValue', () => {
  it.each(['true', 'TRUE', ' 1 ', 'yes', 'on', 'da'])('%s is true', (text) => {
    expect(flagValue(text)).toBe(true);
  });
  it.each(['', 'false', '0', 'no', 'off', 'nu', undefined, null])('%s is false', (text) => {
    expect(flagValue(text)).toBe(false);
  });
  it.each(['ture', '2', 'y', 'enabled'])('%s is not guessed at', (text) => {
    expect(flagValue(text)).toBeUndefined();
  });
});
