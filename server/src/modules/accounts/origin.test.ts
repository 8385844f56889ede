import { describe, expect, it } from 'vitest';
import { originAllowed } from './origin.ts';

describe('originAllowed', () => {
  const pub = 'https://planer.example.org';
  it('accepts requests without Origin, from PUBLIC_URL and from the requested host', () => {
    expect(originAllowed({ host: 'x' }, pub)).toBe(true);
    expect(originAllowed({ origin: 'https://planer.example.org', host: 'internal:3000' }, pub)).toBe(true);
    expect(originAllowed({ origin: 'http://localhost:5173', host: 'localhost:5173' }, pub)).toBe(true);
  });
  it('refuses other sites and opaque origins', () => {
    expect(originAllowed({ origin: 'https://evil.example', host: 'planer.example.org' }, pub)).toBe(false);
    expect(originAllowed({ origin: 'https://sub.planer.example.org', host: 'planer.example.org' }, pub)).toBe(false);
    expect(originAllowed({ origin: 'null', host: 'planer.example.org' }, pub)).toBe(false);
  });
});
