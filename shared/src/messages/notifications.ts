/** Messages of the notifications capability (errors and notifications), German first, English second. */
import type { Catalogue } from './catalogue.ts';

export const NOTIFICATIONS_MESSAGES = {} as const satisfies Catalogue;
