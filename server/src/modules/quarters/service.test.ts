import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { QuarterService } from './service.ts';

describe('QuarterService', () => {
  it('refuses a taken slug with a conflict that names it, as a message key', async () => {
    const db = { query: async () => ({ rows: [], rowCount: 0 }) };
    const err = await new QuarterService(db).create({ name: 'Hörde', slug: 'hoerde' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'CONFLICT', key: 'quarter.slugTaken', params: { slug: 'hoerde' } });
  });

  it('gives a new quarter an id', async () => {
    const db = { query: async () => ({ rows: [], rowCount: 1 }) };
    const q = await new QuarterService(db).create({ name: 'Hörde', slug: 'hoerde' });
    expect(q).toMatchObject({ name: 'Hörde', slug: 'hoerde' });
    expect(q.id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
