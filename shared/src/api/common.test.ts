import { describe, expect, it } from 'vitest';
import { fieldProblemOf } from '../errors.ts';
import { Line, Text, isStorableText } from './common.ts';

describe('storable text', () => {
  it('refuses NUL bytes and lone surrogates, and accepts everything a person types', () => {
    for (const bad of ['a\u0000b', 'x\ud800y', 'x\udc00', '\ud83d']) expect(isStorableText(bad), JSON.stringify(bad)).toBe(false);
    for (const good of ['', 'Vernissage / Opening', 'Größe 3 m²', '🎨 Kunst', '„Licht“'])
      expect(isStorableText(good), good).toBe(true);
  });

  it('makes Line and Text fail with a field problem that names the field', () => {
    for (const schema of [Line(), Text()]) {
      const r = schema.safeParse('a\u0000b');
      expect(r.success).toBe(false);
      if (r.success) continue;
      const p = fieldProblemOf({ ...r.error.issues[0], path: ['title'] } as never);
      expect(p).toMatchObject({ path: 'title', key: 'field.invalidText' });
    }
    expect(Line().safeParse('Licht und Schatten').success).toBe(true);
  });
});
