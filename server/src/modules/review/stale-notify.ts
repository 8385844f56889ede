import type { Queryable } from '../../platform/db/database.ts';
import { approvalDecidedBy, type ReviewPeople } from './repo.ts';

/**
 * Which staff hear that an approval went stale: the reviewer who approved it while they are still staff
 * of the plan, else every staff member of the plan (the staff desk).
 */
export async function staleStaffRecipients(db: Queryable, approvalId: number, people: ReviewPeople): Promise<string[]> {
  const reviewer = await approvalDecidedBy(db, approvalId);
  return reviewer && people.staff.includes(reviewer) ? [reviewer] : people.staff;
}
