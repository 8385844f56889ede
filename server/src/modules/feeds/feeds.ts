/** Kept for importers of the old path (review/plugin.ts); the feeds live in service.ts. */
export { FeedService, summaryOf } from './service.ts';
