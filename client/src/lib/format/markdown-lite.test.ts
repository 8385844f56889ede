import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdownLite } from './markdown-lite';

describe('markdown-lite', () => {
  it('reads headings, paragraphs and lists', () => {
    const blocks = parseMarkdownLite(
      '# Datenschutz\n\nErster Satz\nzweite Zeile.\n\n## Rechte\n- Auskunft\n- Löschung\nDanach Text.',
    );
    expect(blocks).toEqual([
      { kind: 'h2', inlines: [{ kind: 'text', text: 'Datenschutz' }] },
      { kind: 'p', inlines: [{ kind: 'text', text: 'Erster Satz zweite Zeile.' }] },
      { kind: 'h3', inlines: [{ kind: 'text', text: 'Rechte' }] },
      { kind: 'ul', items: [[{ kind: 'text', text: 'Auskunft' }], [{ kind: 'text', text: 'Löschung' }]] },
      { kind: 'p', inlines: [{ kind: 'text', text: 'Danach Text.' }] },
    ]);
  });

  it('keeps HTML as text and allows only http(s) and mailto links', () => {
    expect(parseInline('<script>alert(1)</script> **fett** [Stadt](https://dortmund.de)')).toEqual([
      { kind: 'text', text: '<script>alert(1)</script> ' },
      { kind: 'strong', text: 'fett' },
      { kind: 'text', text: ' ' },
      { kind: 'link', text: 'Stadt', href: 'https://dortmund.de' },
    ]);
    expect(parseInline('[klick](javascript:alert(1))').some((i) => i.kind === 'link')).toBe(false);
    expect(parseInline('[Mail](mailto:datenschutz@stadtdo.de)')).toEqual([
      { kind: 'link', text: 'Mail', href: 'mailto:datenschutz@stadtdo.de' },
    ]);
  });
});
