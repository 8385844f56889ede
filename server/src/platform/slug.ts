/**
 * A readable address from a name: German umlauts spelled out (ä → ae, ß → ss), other accents dropped,
 * everything else that is not a letter or digit becomes one hyphen; at most 60 characters, never empty
 * (`fallback` when nothing is left). Profiles and open calls take their addresses from it.
 */
export function slugify(name: string, fallback = 'profil'): string {
  const spelled = name
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
  const slug = spelled
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return slug || fallback;
}
