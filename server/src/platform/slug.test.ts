import { describe, expect, it } from 'vitest';
import { ProfileSlug } from '@planner/shared';
import { slugify } from './slug.ts';

describe('profile slugs', () => {
  it('spells out umlauts, drops accents and punctuation, and stays valid', () => {
    expect(slugify('Jördis Müller-Weiß')).toBe('joerdis-mueller-weiss');
    expect(slugify('  Studio  Café Noir!  ')).toBe('studio-cafe-noir');
    expect(slugify('<script>alert(1)</script>')).toBe('script-alert-1-script');
    expect(slugify('!!!')).toBe('profil');
    expect(slugify('东京')).toBe('profil');
    const long = slugify('a '.repeat(100));
    expect(long.length).toBeLessThanOrEqual(60);
    for (const s of ['joerdis-mueller-weiss', long, slugify('x-'.repeat(40))])
      expect(ProfileSlug.safeParse(s).success).toBe(true);
  });
});
