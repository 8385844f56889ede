/** Conflict and capacity checks (DESIGN.md §7): pure functions over plain data. */
export * from './types.ts';
export * from './time.ts';
export * from './finding.ts';
export * from './booking.ts';
export * from './availability.ts';
export * from './responsible.ts';
export * from './layout.ts';
export * from './capacity.ts';
export * from './tasks.ts';
export * from './run.ts';
