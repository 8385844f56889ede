import { describe, expect, it } from 'vitest';
import { runServerOnce } from '../../helpers/process.ts';

describe('start-up configuration', () => {
  it('a bad PORT stops start-up with a message naming it', async () => {
    const { code, output } = await runServerOnce({ PORT: 'abc', REDIS_URL: 'http://wrong' });
    expect(code).toBe(78);
    expect(output).toContain('PORT');
    expect(output).toContain('"abc"');
    expect(output).toContain('REDIS_URL');
  });
});
