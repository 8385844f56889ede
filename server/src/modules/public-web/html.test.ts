import { describe, expect, it } from 'vitest';
import { esc, html, scriptJson, summary } from './html.ts';

describe('escaping of public pages', () => {
  const hostile = '</script><script>alert(1)</script>"><img src=x onerror=alert(1)>\'';

  it('escapes text and attribute values', () => {
    expect(esc(hostile)).not.toMatch(/[<>"']/);
    expect(html`<p title="${hostile}">${hostile}</p>`.html).toBe(`<p title="${esc(hostile)}">${esc(hostile)}</p>`);
  });

  it('keeps nested fragments and drops empty ones', () => {
    expect(html`<ul>${['a', 'b'].map((x) => html`<li>${x}</li>`)}${false}${null}</ul>`.html).toBe(
      '<ul><li>a</li><li>b</li></ul>',
    );
  });

  it('writes JSON for script blocks without <, > or & that round-trips', () => {
    const value = { name: hostile, text: 'a & b \u2028' };
    const out = scriptJson(value);
    expect(out).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(out)).toEqual(value);
  });

  it('shortens descriptions at a word', () => {
    expect(summary('eins  zwei\ndrei', 200)).toBe('eins zwei drei');
    expect(summary('eins zwei drei vier', 12)).toBe('eins zwei…');
  });
});
