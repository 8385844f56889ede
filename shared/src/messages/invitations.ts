/** Messages of the invitations capability (errors and notifications), German first, English second. */
import type { Catalogue } from './catalogue.ts';

export const INVITATIONS_MESSAGES = {} as const satisfies Catalogue;
