/**
 * Just enough XML checking for the e-Transport upload: well-formedness (balanced tags, one root) and
 * the root element's name and namespace. ANAF validates against its XSD; the mock stops at what
 * finds the common mistakes (a wrong namespace, a truncated file) without an XML library.
 */

/** Where a problem is, 1-based, as a SAX parser reports it. */
interface Position {
  line: number;
  column: number;
}

function positionOf(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  // The column counts from the last line break (or the start: lastIndexOf gives -1 then).
  return { line: before.split('\n').length, column: before.length - before.lastIndexOf('\n') };
}

/** ANAF's words for an XML it cannot take: the parser's own message, prefixed as ANAF does. */
function saxError(text: string, offset: number, reason: string): string {
  const at = positionOf(text, offset);
  return `Fisierul transmis nu este valid. org.xml.sax.SAXParseException; lineNumber: ${at.line}; columnNumber: ${at.column}; ${reason}`;
}

/** The root element as parsed: its qualified name, namespace and attributes. */
export interface XmlRoot {
  name: string;
  localName: string;
  namespace: string | undefined;
  attributes: Record<string, string>;
  offset: number;
}

/** Reads the attributes of a start tag. */
function attributesOf(source: string): Record<string, string> {
  const out: Record<string, string> = {};
  // The name always matches, and exactly one of the two quoted forms.
  for (const [, key = '', double, single] of source.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    out[key] = double ?? single ?? '';
  }
  return out;
}

/** The root element, or a SAX-style message saying why the text is not well-formed XML. */
export function parseXmlRoot(text: string): { root: XmlRoot } | { error: string } {
  const stripped = text.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>/g, (m) =>
    ' '.repeat(m.length),
  );
  const tag = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
  const stack: { name: string; offset: number }[] = [];
  let root: XmlRoot | undefined;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = tag.exec(stripped)) !== null) {
    const between = stripped.slice(last, m.index);
    if (between.includes('<'))
      return {
        error: saxError(
          text,
          last + between.indexOf('<'),
          'The markup in the document following the root element must be well-formed.',
        ),
      };
    if (stack.length === 0 && between.trim() !== '') {
      return {
        error: saxError(
          text,
          last,
          root ? 'Content is not allowed in trailing section.' : 'Content is not allowed in prolog.',
        ),
      };
    }
    last = tag.lastIndex;
    // Every group of `tag` takes part in a match (possibly empty): the defaults never apply.
    const [, closing, name = '', attrs = '', selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (!open || open.name !== name) {
        const expected = open ? open.name : name;
        return {
          error: saxError(
            text,
            m.index,
            `The element type "${expected}" must be terminated by the matching end-tag "</${expected}>".`,
          ),
        };
      }
      continue;
    }
    if (stack.length === 0) {
      if (root)
        return {
          error: saxError(
            text,
            m.index,
            'The markup in the document following the root element must be well-formed.',
          ),
        };
      const attributes = attributesOf(attrs);
      const colon = name.indexOf(':');
      const prefix = colon >= 0 ? name.slice(0, colon) : undefined;
      root = {
        name,
        localName: name.slice(name.lastIndexOf(':') + 1),
        namespace: prefix ? attributes[`xmlns:${prefix}`] : attributes.xmlns,
        attributes,
        offset: m.index,
      };
    }
    if (!selfClosing) stack.push({ name, offset: m.index });
  }
  const rest = stripped.slice(last);
  if (stack.length > 0 || rest.includes('<')) {
    return {
      error: saxError(
        text,
        text.length,
        'XML document structures must start and end within the same entity.',
      ),
    };
  }
  if (!root) {
    const reason = stripped.trim() === '' ? 'Premature end of file.' : 'Content is not allowed in prolog.';
    return { error: saxError(text, 0, reason) };
  }
  if (rest.trim() !== '')
    return { error: saxError(text, last, 'Content is not allowed in trailing section.') };
  return { root };
}

/** The message ANAF's XSD check gives for a root element its schema does not declare. */
export function undeclaredRoot(text: string, root: XmlRoot): string {
  return saxError(text, root.offset, `cvc-elt.1.a: Cannot find the declaration of element '${root.name}'.`);
}
