/** Messages of the accounts capability (errors and notifications), German first, English second. */
import type { Catalogue } from './catalogue.ts';

export const ACCOUNTS_MESSAGES = {} as const satisfies Catalogue;
