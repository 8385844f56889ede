/** Messages of the review capability (errors and notifications), German first, English second. */
import type { Catalogue } from './catalogue.ts';

export const REVIEW_MESSAGES = {} as const satisfies Catalogue;
