import type { Locale } from '../api/auth.ts';

/** A message's text in each locale; `{name}` is replaced by the parameter of that name. */
export type Texts = Readonly<Record<Locale, string>>;

/** Texts per message key. Every area of the product has one catalogue file beside this one. */
export type Catalogue = Readonly<Record<string, Texts>>;

/** Parameters of a message: plain values only (rendering rules in format.ts). */
export type MessageParams = Record<string, string | number>;
