import { describe, expect, it } from 'vitest';
import { frameAncestors } from './embed.ts';

describe('the widget’s frame-ancestors', () => {
  const csp = "default-src 'self';script-src 'self';frame-ancestors 'none';object-src 'none'";

  it('names exactly the configured origins and keeps every other directive', () => {
    const out = frameAncestors(csp, ['https://a.example', 'http://localhost:8080']);
    expect(out.split(';').filter((d) => d.startsWith('frame-ancestors'))).toEqual([
      'frame-ancestors https://a.example http://localhost:8080',
    ]);
    expect(out).toContain("default-src 'self'");
    expect(out).toContain("object-src 'none'");
  });

  it('stays closed when no origin is configured', () => {
    expect(frameAncestors(csp, [])).toContain("frame-ancestors 'none'");
  });
});
