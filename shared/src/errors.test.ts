import { describe, expect, it } from 'vitest';
import { fieldProblemOf } from './errors.ts';

describe('fieldProblemOf', () => {
  it('names unknown keys, an empty key too (found by the REST fuzz: `{"": …}` gave a field without a path)', () => {
    const unknown = (keys: string[], path: string[] = []) =>
      fieldProblemOf({ code: 'unrecognized_keys', path, keys, message: 'Unrecognized key' });
    expect(unknown(['isAdmin'])).toMatchObject({ path: 'isAdmin', key: 'field.unknown' });
    expect(unknown(['a', 'b'], ['scale'])).toMatchObject({ path: 'scale.a, b', key: 'field.unknown' });
    expect(unknown([''])).toMatchObject({ path: '""', key: 'field.unknown' });
    expect(unknown(['', 'x'], ['scale'])).toMatchObject({ path: 'scale."", x', key: 'field.unknown' });
  });
});
