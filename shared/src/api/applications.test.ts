import { describe, expect, it } from 'vitest';
import { fieldProblemOf } from '../errors.ts';
import { ApplicationPatch, PortfolioUrl } from './applications.ts';

const problems = (body: unknown) => {
  const r = ApplicationPatch.safeParse(body);
  return r.success ? [] : r.error.issues.map((i) => fieldProblemOf(i as Parameters<typeof fieldProblemOf>[0]));
};

describe('application bodies', () => {
  it('takes http(s) portfolio links only', () => {
    for (const ok of ['https://example.org/a', 'http://example.org', ' https://x.example/p?q=1 '])
      expect(PortfolioUrl.safeParse(ok).success, ok).toBe(true);
    for (const bad of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'data:text/html,x',
      'ftp://x.example',
      'example.org',
      'https://',
      '',
    ])
      expect(PortfolioUrl.safeParse(bad).success, bad).toBe(false);
    expect(problems({ portfolioLinks: [{ url: 'javascript:alert(1)' }] })).toEqual([
      expect.objectContaining({ path: 'portfolioLinks.0.url', key: 'application.linkScheme' }),
    ]);
  });

  it('names a rank or a storefront given twice, and a period that ends before it starts', () => {
    expect(
      problems({
        storefronts: [
          { storefrontId: 'a', rank: 1 },
          { storefrontId: 'a', rank: 1 },
        ],
      }),
    ).toEqual([
      expect.objectContaining({ path: 'storefronts.1.rank', key: 'application.rankDuplicate' }),
      expect.objectContaining({ path: 'storefronts.1.storefrontId', key: 'application.storefrontDuplicate' }),
    ]);
    expect(problems({ periodStart: '2027-05-02', periodEnd: '2027-05-01' })).toEqual([
      expect.objectContaining({ path: 'periodEnd', key: 'application.periodOrder' }),
    ]);
    expect(problems({ formats: ['exhibition', 'open-studio'], needs: ['power'], consent: true })).toEqual([]);
    expect(problems({ scores: [] })).toEqual([expect.objectContaining({ key: 'field.unknown' })]);
  });
});
