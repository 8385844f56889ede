import type { Queryable } from '../../platform/db/database.ts';
import type { ReviewPeople } from './repo.ts';

/**
 * Which staff hear that an approval went stale: the reviewer who approved it while they are still staff
 * of the plan, else every staff member of the plan (the staff desk).
 */
export async function staleStaffRecipients(db: Queryable, approvalId: number, people: ReviewPeople): Promise<string[]> {
  const { rows } = await db.query<{ decided_by: string | null }>('select decided_by from approvals where id = $1', [approvalId]);
  const reviewer = rows[0]?.decided_by ?? null;
  return reviewer && people.staff.includes(reviewer) ? [reviewer] : people.staff;
}
