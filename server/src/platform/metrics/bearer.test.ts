import { describe, expect, it } from 'vitest';
import { bearerMatches } from './plugin.ts';

describe('bearerMatches', () => {
  const token = 'metrics-token-0123456789abcdef';
  it('accepts exactly `Bearer <token>` (the scheme in any case) and nothing else', () => {
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`bearer ${token}`, token)).toBe(true);
    for (const header of [
      undefined,
      '',
      token,
      `Bearer ${token} `,
      `Bearer  ${token}`,
      `Bearer ${token}0`,
      `Basic ${token}`,
      'Bearer ',
    ])
      expect(bearerMatches(header, token), String(header)).toBe(false);
  });
});
