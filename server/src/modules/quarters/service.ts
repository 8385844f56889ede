import { randomUUID } from 'node:crypto';
import type { Quarter, QuarterCreate } from '@planner/shared';
import type { Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './repo.ts';

/** The quarters of the city: a list, and new ones (staff). A slug names one quarter only. */
export class QuarterService {
  constructor(private readonly db: Queryable) {}

  list(): Promise<Quarter[]> {
    return repo.listQuarters(this.db);
  }

  async create(input: QuarterCreate): Promise<Quarter> {
    const quarter = { id: randomUUID(), name: input.name, slug: input.slug };
    if (!(await repo.insertQuarter(this.db, quarter, input.established ?? false))) {
      throw new AppError('CONFLICT', 'quarter.slugTaken', { slug: input.slug });
    }
    return quarter;
  }
}
