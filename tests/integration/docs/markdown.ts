/**
 * Reading the guide back: fenced blocks, links and heading anchors. Written independently of
 * src/docs, so the tests do not check the guide with the code that wrote it.
 */

/** A fenced code block. */
export interface Fence {
  lang: string;
  body: string;
  /** 1-based line of the opening fence. */
  line: number;
}

/** Every fenced code block (``` or ~~~) of `markdown`. */
export function fences(markdown: string): Fence[] {
  const found: Fence[] = [];
  let open: { marker: string; lang: string; line: number; body: string[] } | undefined;
  for (const [i, line] of markdown.split('\n').entries()) {
    if (open === undefined) {
      const [, marker, lang] = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)/.exec(line) ?? [];
      if (marker !== undefined && lang !== undefined) open = { marker, lang, line: i + 1, body: [] };
      continue;
    }
    const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line)?.[1];
    if (close !== undefined && close[0] === open.marker[0] && close.length >= open.marker.length) {
      found.push({ lang: open.lang, body: open.body.join('\n'), line: open.line });
      open = undefined;
    } else open.body.push(line);
  }
  // An unclosed fence runs to the end.
  if (open) found.push({ lang: open.lang, body: open.body.join('\n'), line: open.line });
  return found;
}

/** The text outside fenced blocks, with inline code spans blanked out. */
export function prose(markdown: string): string {
  const lines = markdown.split('\n');
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of lines) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker && (fence === undefined || marker[0] === fence[0])) {
      fence = fence === undefined ? marker : undefined;
      out.push('');
      continue;
    }
    out.push(fence === undefined ? line.replace(/(`+)[^`]*?\1/g, ' ') : '');
  }
  return out.join('\n');
}

/** Inline links `[text](target)` outside code. */
export function links(markdown: string): { text: string; target: string }[] {
  return [...prose(markdown).matchAll(/\[([^\]]*)\]\(([^)\s]+)\)/g)].flatMap(([, text, target]) =>
    text === undefined || target === undefined ? [] : [{ text, target }],
  );
}

/** A heading with the anchor GitHub gives it (lower case, punctuation dropped, `-N` for repeats). */
export interface HeadingAnchor {
  level: number;
  text: string;
  anchor: string;
}

/** Every heading of `markdown` outside code, with its anchor. */
export function headingAnchors(markdown: string): HeadingAnchor[] {
  const counts = new Map<string, number>();
  const result: HeadingAnchor[] = [];
  for (const line of prose(markdown).split('\n')) {
    const [, hashes, text] = /^(#{1,6})\s+(.+?)\s*$/.exec(line) ?? [];
    if (hashes === undefined || text === undefined) continue;
    const base = text
      .toLowerCase()
      .split('')
      .filter((c) => /[\p{L}\p{M}\p{N}_ -]/u.test(c))
      .join('')
      .split(' ')
      .join('-');
    const n = counts.get(base) ?? 0;
    counts.set(base, n + 1);
    result.push({ level: hashes.length, text, anchor: n === 0 ? base : `${base}-${n}` });
  }
  return result;
}

/** The anchors of every heading of `markdown`. */
export function anchors(markdown: string): string[] {
  return headingAnchors(markdown).map((h) => h.anchor);
}
