import { describe, expect, it } from 'vitest';
import { linkLabel, safeHref } from './links';

describe('profile links', () => {
  it('shows host and path, and refuses anything but http(s) as a link', () => {
    expect(linkLabel('https://www.instagram.com/studio.example/')).toBe('instagram.com/studio.example');
    expect(linkLabel('https://studio.example/')).toBe('studio.example');
    expect(safeHref('https://studio.example/a')).toBe('https://studio.example/a');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,x')).toBeNull();
    expect(safeHref('nonsense')).toBeNull();
  });
});
