/** The audit entry point other capabilities import; its SQL lives in repo.ts. */
export { audit, type AuditAction, type AuditEntry } from './repo.ts';
