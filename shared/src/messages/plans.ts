/** Messages of the plans capability (errors and notifications), German first, English second. */
import type { Catalogue } from './catalogue.ts';

export const PLANS_MESSAGES = {} as const satisfies Catalogue;
