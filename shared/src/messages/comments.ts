/** Messages of the comments capability (errors and notifications), German first, English second. */
import type { Catalogue } from './catalogue.ts';

export const COMMENTS_MESSAGES = {} as const satisfies Catalogue;
