export * from './permissions.ts';
export * from './events.ts';
export * from './api/auth.ts';
export * from './api/common.ts';
export * from './api/storefronts.ts';
export * from './api/plans.ts';
