/** Messages of the storefronts capability (errors and notifications), German first, English second. */
import type { Catalogue } from './catalogue.ts';

export const STOREFRONTS_MESSAGES = {} as const satisfies Catalogue;
