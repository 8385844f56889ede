import { describe, expect, it } from 'vitest';
import { summaryOf } from './service.ts';

describe('feed entry summaries', () => {
  it('name an untitled entry by its kind, with the same label as the app (one source)', () => {
    expect(summaryOf('Klangraum', { title: '', kind: 'other' })).toBe('Sonstiges – Klangraum');
    expect(summaryOf('Klangraum', { title: '', kind: 'opening' })).toBe('Eröffnung – Klangraum');
    expect(summaryOf('Klangraum', { title: 'Vernissage', kind: 'other' })).toBe('Vernissage – Klangraum');
  });
});
