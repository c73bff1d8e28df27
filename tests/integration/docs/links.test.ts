/**
 * Links and anchors resolve: in the committed guides, and in guides written to another folder (whose
 * links to the collections, environments and samples must then point back into the package).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stageBaseUrls } from '../../../src/anaf';
import { ANAF_PORTAL, renderGuides } from '../../../src/docs';
import { first } from '../../helpers/checked';
import { anchors, headingAnchors, links } from './markdown';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const OPENAPI_JSON = path.join(ROOT, 'openapi', 'anaf.openapi.json');

/** Every operationId of the committed OpenAPI document. */
function operationIds(): Set<string> {
  const doc = JSON.parse(fs.readFileSync(OPENAPI_JSON, 'utf8')) as {
    paths: Record<string, Record<string, { operationId?: string }>>;
  };
  return new Set(
    Object.values(doc.paths).flatMap((ops) =>
      Object.values(ops).flatMap((o) => (o.operationId ? [o.operationId] : [])),
    ),
  );
}

/** Every problem with the links of the guide at `file`. */
function brokenLinks(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const broken: string[] = [];
  const ownAnchors = new Set(anchors(text));
  for (const { text: label, target } of links(text)) {
    if (/^[a-z]+:/i.test(target)) {
      if (!target.startsWith('https://')) broken.push(`${label}: ${target} is not https`);
      continue;
    }
    const [relative, fragment] = target.split('#');
    const resolved = relative ? path.resolve(path.dirname(file), decodeURIComponent(relative)) : file;
    if (!fs.existsSync(resolved)) {
      broken.push(`${label}: ${target} (no ${resolved})`);
      continue;
    }
    if (fragment === undefined) continue;
    const targetAnchors = relative ? new Set(anchors(fs.readFileSync(resolved, 'utf8'))) : ownAnchors;
    if (!targetAnchors.has(decodeURIComponent(fragment))) broken.push(`${label}: #${fragment} is no heading`);
  }
  return broken;
}

describe.each(['guide.md', 'guide.ro.md'])('docs/%s (committed)', (name) => {
  const file = path.join(ROOT, 'docs', name);
  const text = fs.readFileSync(file, 'utf8');

  it('every relative link and every anchor resolves', () => {
    expect(links(text).length).toBeGreaterThan(25);
    expect(brokenLinks(file)).toEqual([]);
  });

  it("links ANAF's registration entry point and its OAuth procedure document (#27)", () => {
    const targets = links(text).map((l) => l.target);
    expect(targets).toContain('https://www.anaf.ro/InregOauth/');
    expect(targets).toContain(ANAF_PORTAL.procedure);
    expect(ANAF_PORTAL.procedure).toMatch(
      /^https:\/\/static\.anaf\.ro\/.*Oauth_procedura_inregistrare_aplicatii_portal_ANAF\.pdf$/,
    );
  });

  it('names for each request an operation the OpenAPI document has', () => {
    const named = [...text.matchAll(/OpenAPI: \S+ `([^`]+)`/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(15);
    const known = operationIds();
    expect(named.filter((id) => !known.has(id ?? ''))).toEqual([]);
  });

  it('links to the collection, every environment, the samples and the other guide', () => {
    const targets = links(text).map((l) => l.target);
    for (const expected of [
      /^\.\.\/collections\/anaf(\.ro)?\.postman_collection\.json$/,
      /^\.\.\/environments\/anaf-prod\.postman_environment\.json$/,
      /^\.\.\/environments\/anaf-test\.postman_environment\.json$/,
      /^\.\.\/environments\/anaf-mock\.postman_environment\.json$/,
      /^\.\.\/templates\/samples\/invoice-ubl\.xml$/,
      /^guide(\.ro)?\.md$/,
    ]) {
      expect([expected, targets.some((t) => expected.test(t))]).toEqual([expected, true]);
    }
  });

  it('headings have unique anchors, and the contents list links to every level 2 and 3 heading', () => {
    const headings = headingAnchors(text);
    expect(new Set(headings.map((h) => h.anchor)).size).toBe(headings.length);
    const [contents, ...sections] = headings.filter((h) => h.level === 2 || h.level === 3);
    if (!contents) throw new Error('the guide has no level 2 or 3 heading');
    const start = text.indexOf(`\n## ${contents.text}\n`);
    const list = text.slice(start, text.indexOf('\n## ', start + 1));
    const listed = links(list).map((l) => decodeURIComponent(l.target.slice(1)));
    expect(listed).toEqual(sections.map((h) => h.anchor));
    expect(listed.length).toBeGreaterThanOrEqual(16);
  });
});

describe('a guide written to another folder', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anaf-postman-docs-links-'));
    for (const g of renderGuides({ linkRoot: path.relative(dir, ROOT) })) {
      fs.writeFileSync(path.join(dir, g.fileName), g.text);
    }
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each(['guide.md', 'guide.ro.md'])('%s: links point back into the package and resolve', (name) => {
    expect(brokenLinks(path.join(dir, name))).toEqual([]);
  });

  it('a single-language guide does not link to the missing other one', () => {
    const en = first(renderGuides({ langs: 'en' }));
    expect(links(en.text).map((l) => l.target)).not.toContain('guide.ro.md');
  });
});

describe('guides written with --link-base, --stage and --templates', () => {
  it('--link-base: links to the package files are absolute https URLs under it; anchors still resolve', () => {
    for (const g of renderGuides({ linkBase: 'https://docs.example.com/anaf/' })) {
      const targets = links(g.text).map((l) => l.target);
      expect(targets).toContain(
        'https://docs.example.com/anaf/environments/anaf-mock.postman_environment.json',
      );
      expect(targets).toContain('https://docs.example.com/anaf/openapi/anaf.openapi.yaml');
      expect(targets.filter((t) => t.startsWith('..'))).toEqual([]);
      const own = new Set(anchors(g.text));
      for (const t of targets.filter((x) => x.startsWith('#')))
        expect([t, own.has(decodeURIComponent(t.slice(1)))]).toEqual([t, true]);
    }
  });

  it('each request links to its OpenAPI operation by its id', () => {
    const en = first(renderGuides({ langs: 'en' }));
    expect(en.text).toContain(
      '- OpenAPI: operation `efactura.upload` in [anaf.openapi.yaml](../openapi/anaf.openapi.yaml)',
    );
  });

  it.each(['prod', 'test', 'mock'])(
    "--stage %s: the guide shows that stage's URLs and its links resolve",
    (stage) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anaf-postman-docs-stage-'));
      try {
        for (const g of renderGuides({ stage, linkRoot: path.relative(dir, ROOT) })) {
          fs.writeFileSync(path.join(dir, g.fileName), g.text);
          const efactura = stageBaseUrls(stage as 'prod').efacturaBaseUrl;
          expect(g.text).toContain(`| e-Factura | \`${efactura}\` |`);
        }
        for (const name of ['guide.md', 'guide.ro.md']) expect(brokenLinks(path.join(dir, name))).toEqual([]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it("--templates: a partial of the writer replaces the package's, and the header names it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anaf-postman-docs-tpl-'));
    try {
      fs.mkdirSync(path.join(dir, 'docs'));
      fs.writeFileSync(
        path.join(dir, 'docs', '_quickstart_en.md.hbs'),
        '## Quickstart\n\nAsk {{product}} support.\n',
      );
      fs.writeFileSync(path.join(dir, 'docs', 'guide.en.md.hbs'), '# {{product}}\n\n{{> _quickstart_en}}\n');
      const en = first(renderGuides({ langs: 'en', templates: dir, productName: 'Acme ERP' }));
      expect(en.text).toContain('Ask Acme ERP support.');
      expect(first(en.text.split('\n'))).toContain(path.join(dir, 'docs', 'guide.en.md.hbs'));
      fs.writeFileSync(path.join(dir, 'docs', '_nothing.md.hbs'), 'x');
      expect(() => renderGuides({ langs: 'en', templates: dir })).toThrow(
        /templates: docs\/_nothing\.md\.hbs replaces no template/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
