export * from './permissions.ts';
export * from './events.ts';
export * from './api/auth.ts';
