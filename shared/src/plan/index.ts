/** The plan document: schema, typed Yjs access, tolerant reading, schedule hash and diff. */
export * from './schema.ts';
export * from './doc.ts';
export * from './read.ts';
export * from './schedule-hash.ts';
export * from './schedule-diff.ts';
export * from './berlin-time.ts';
export * from './occurrences.ts';
export * from './sha256.ts';
export * from './consent-hash.ts';
export * from './live-read.ts';
