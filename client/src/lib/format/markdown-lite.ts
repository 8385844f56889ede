/**
 * "Markdown-lite" for texts staff maintain (the privacy page): `# ` and `## ` headings, `- ` list
 * items, blank lines between paragraphs, `**bold**` and `[text](https://…)` links (http, https and
 * mailto only). Parsed into plain data that a component renders as elements with text content, so no
 * input can become HTML: `<script>` stays the text "<script>".
 */
export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'strong'; text: string }
  | { kind: 'link'; text: string; href: string };
export type Block = { kind: 'h2' | 'h3' | 'p'; inlines: Inline[] } | { kind: 'ul'; items: Inline[][] };

const INLINE = /\*\*(.+?)\*\*|\[([^\]]+)\]\(([^)\s]+)\)/g;
const SAFE_HREF = /^(https?:\/\/|mailto:)/i;

/** Bold and links inside one line or paragraph. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    const at = m.index ?? 0;
    if (at > last) out.push({ kind: 'text', text: text.slice(last, at) });
    if (m[1] !== undefined) out.push({ kind: 'strong', text: m[1] });
    else if (SAFE_HREF.test(m[3])) out.push({ kind: 'link', text: m[2], href: m[3] });
    else out.push({ kind: 'text', text: m[0] });
    last = at + m[0].length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}

/** The blocks of a text. */
export function parseMarkdownLite(source: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let list: Inline[][] | null = null;
  const flush = () => {
    if (paragraph.length) blocks.push({ kind: 'p', inlines: parseInline(paragraph.join(' ')) });
    paragraph = [];
    if (list) blocks.push({ kind: 'ul', items: list });
    list = null;
  };
  for (const raw of source.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    if (!line) {
      flush();
    } else if (line.startsWith('## ')) {
      flush();
      blocks.push({ kind: 'h3', inlines: parseInline(line.slice(3).trim()) });
    } else if (line.startsWith('# ')) {
      flush();
      blocks.push({ kind: 'h2', inlines: parseInline(line.slice(2).trim()) });
    } else if (/^[-*] /.test(line)) {
      if (paragraph.length) {
        blocks.push({ kind: 'p', inlines: parseInline(paragraph.join(' ')) });
        paragraph = [];
      }
      list ??= [];
      list.push(parseInline(line.slice(2).trim()));
    } else {
      if (list) {
        blocks.push({ kind: 'ul', items: list });
        list = null;
      }
      paragraph.push(line);
    }
  }
  flush();
  return blocks;
}
