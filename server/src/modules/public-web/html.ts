/**
 * Escaping for server-rendered public pages. Everything shown there comes from plan documents and the
 * registry, which people type into: every value goes through one of these functions on its way out.
 */

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Characters XML 1.0 does not allow at all (escaped or not); dropped from every text. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters being removed
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text or an attribute value (quoted with `"`) in HTML, and text in XML. */
export function esc(value: string | number): string {
  return String(value)
    .replace(NOT_XML, '')
    .replace(/[&<>"']/g, (c) => HTML[c]);
}

/**
 * JSON inside a `<script type="application/ld+json">` (or any script data block): `<`, `>` and `&`
 * as \u escapes, so no `</script>` or `<!--` can end or change the block; U+2028/2029 as well.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A tagged template whose interpolations are escaped, unless they are {@link Raw} (already safe HTML). */
export class Raw {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

type Part = string | number | Raw | null | undefined | false | Part[];

function part(v: Part): string {
  if (v === null || v === undefined || v === false) return '';
  if (Array.isArray(v)) return v.map(part).join('');
  if (v instanceof Raw) return v.html;
  return esc(v);
}

/** `html\`<p>${text}</p>\`` escapes `text`; nested `html` results and arrays of them stay as they are. */
export function html(strings: TemplateStringsArray, ...values: Part[]): Raw {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += part(values[i]) + strings[i + 1];
  return new Raw(out);
}

/** A shortened text for a meta description: whitespace collapsed, at most `max` characters. */
export function summary(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}
