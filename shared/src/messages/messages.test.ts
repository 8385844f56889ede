import { describe, expect, it } from 'vitest';
import { COMMON_MESSAGES, MESSAGES, formatFieldProblem, formatMessage } from './index.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the message catalogue', () => {
  it('has German and English for every key, with the same placeholders', () => {
    const entries = Object.entries(MESSAGES);
    expect(entries.length).toBeGreaterThan(Object.keys(COMMON_MESSAGES).length);
    for (const [key, texts] of entries) {
      expect(texts.de.trim().length, key).toBeGreaterThan(0);
      expect(texts.en.trim().length, key).toBeGreaterThan(0);
      expect(placeholders(texts.en), key).toEqual(placeholders(texts.de));
    }
  });

  it('keeps no bilingual sentence in one text', () => {
    for (const [key, texts] of Object.entries(MESSAGES)) {
      expect(texts.de, key).not.toMatch(/ \/ [A-Z]/);
      expect(texts.en, key).not.toMatch(/ \/ [A-ZÄÖÜ]/);
    }
  });

  it('renders a field problem naming the field, in the reader’s language', () => {
    const p = { path: 'title', key: 'field.tooLong', params: { maximum: 200 }, message: 'Too big' };
    expect(formatFieldProblem(p, 'de')).toBe('„title“ ist zu lang (höchstens 200).');
    expect(formatFieldProblem(p, 'en')).toBe('“title” is too long (at most 200).');
    expect(formatFieldProblem({ path: 'x', message: 'raw' }, 'de')).toBe('x: raw');
    expect(formatMessage('error.forbidden', {}, 'de')).toBe('Dafür fehlt Ihnen die Berechtigung.');
  });
});
