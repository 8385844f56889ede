/** Plan memberships (kept as an entry point for other capabilities; the SQL is in repo.ts). */
export { addMember, changeRole, listMembers, removeMember, roleOf } from './repo.ts';
