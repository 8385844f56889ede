/** Messages of the feeds capability (errors and notifications), German first, English second. */
import type { Catalogue } from './catalogue.ts';

export const FEEDS_MESSAGES = {} as const satisfies Catalogue;
