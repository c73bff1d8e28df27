/**
 * Links and anchors resolve: in the committed guides, and in guides written to another folder (whose
 * links to the collections, environments and samples must then point back into the package).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderGuides } from '../../../src/docs';
import { anchors, headingAnchors, links } from './markdown';

const ROOT = path.resolve(__dirname, '..', '..', '..');

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
    const [en] = renderGuides({ langs: 'en' });
    expect(links(en.text).map((l) => l.target)).not.toContain('guide.ro.md');
  });
});
