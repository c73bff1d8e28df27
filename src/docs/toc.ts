/** Heading anchors as GitHub (and markdownlint's MD051) derive them, and the guide's contents list. */

/** GitHub's anchor of a heading text: lower case, punctuation dropped, spaces → hyphens. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** A heading of a Markdown text, with its anchor (`-1`, `-2` appended to repeats, as GitHub does). */
export interface Heading {
  level: number;
  text: string;
  anchor: string;
}

/** The ATX headings of `markdown` outside fenced code blocks, in order. */
export function headings(markdown: string): Heading[] {
  const seen = new Map<string, number>();
  const found: Heading[] = [];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker && (fence === undefined || (marker[0] === fence[0] && marker.length >= fence.length))) {
      fence = fence === undefined ? marker : undefined;
      continue;
    }
    if (fence !== undefined) continue;
    const [, hashes, text] = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line) ?? [];
    if (hashes === undefined || text === undefined) continue;
    const base = slug(text);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    found.push({ level: hashes.length, text, anchor: count === 0 ? base : `${base}-${count}` });
  }
  return found;
}

/** A nested Markdown list linking to the level 2 and 3 headings, except the one titled `self`. */
export function contents(markdown: string, self?: string): string {
  return headings(markdown)
    .filter((h) => (h.level === 2 || h.level === 3) && h.text !== self)
    .map((h) => `${h.level === 3 ? '  ' : ''}- [${h.text}](#${h.anchor})`)
    .join('\n');
}
