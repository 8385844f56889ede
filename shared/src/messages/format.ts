/** Rendering of catalogue messages: `{name}` placeholders filled with locale-aware values. */
import type { Locale } from '../api/auth.ts';
import { LAYOUT_KIND_NAMES } from '../i18n/labels.ts';
import type { Catalogue, MessageParams } from './catalogue.ts';
import { MESSAGES } from './index.ts';

/** Param values that stand for a name the reader may not see (another plan, one of its entries). */
export const HIDDEN_PLAN = 'hidden:plan';
export const HIDDEN_ENTRY = 'hidden:entry';
/** Stands for a deleted account's name in stored params (issue 20): rendered as "Ehemaliges Konto". */
export const FORMER_ACCOUNT = 'former:account';
const HIDDEN_TEXT: Record<string, Record<Locale, string>> = {
  [HIDDEN_PLAN]: { de: 'ein anderer Plan', en: 'another plan' },
  [HIDDEN_ENTRY]: { de: 'ein Termin', en: 'an entry' },
  [FORMER_ACCOUNT]: { de: 'Ehemaliges Konto', en: 'Former account' },
};

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Renders a message. Parameter values are rendered as follows: ISO date-times in Europe/Berlin
 * local time, plain dates as dates, `layoutKind:<kind>` as the kind's name, numbers with the
 * locale's digits; anything else as is. Unknown keys render as the key itself (never throws).
 */
export function formatMessage(key: string, params: MessageParams = {}, locale: Locale = 'de'): string {
  const entry = (MESSAGES as Catalogue)[key];
  if (!entry) return key;
  const tag = locale === 'de' ? 'de-DE' : 'en-GB';
  // A hidden name is no name: its quotes go with it („ein anderer Plan“ reads as a title).
  const hidden = /[„“]\{(\w+)\}[“”]/g;
  const text = entry[locale].replace(hidden, (whole, name: string) => {
    const value = params[name];
    return typeof value === 'string' && Object.hasOwn(HIDDEN_TEXT, value) ? `{${name}}` : whole;
  });
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    if (typeof value === 'number') return new Intl.NumberFormat(tag).format(value);
    if (Object.hasOwn(HIDDEN_TEXT, value)) return HIDDEN_TEXT[value][locale];
    if (value.startsWith('layoutKind:')) {
      const kind = value.slice(11);
      return Object.hasOwn(LAYOUT_KIND_NAMES, kind) ? LAYOUT_KIND_NAMES[kind as keyof typeof LAYOUT_KIND_NAMES][locale] : kind;
    }
    if (DATE_TIME.test(value) && Number.isFinite(Date.parse(value))) {
      return new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(
        new Date(value),
      );
    }
    if (DATE_ONLY.test(value) && Number.isFinite(Date.parse(value))) {
      return new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`));
    }
    return value;
  });
}

/** Renders a finding's message (anything with messageKey and params). */
export function formatFinding(f: { messageKey: string; params: MessageParams }, locale: Locale = 'de'): string {
  return formatMessage(f.messageKey, f.params, locale);
}

/**
 * One bad field of a request, as the API sends it: the field's path (`title`, `layout.0.x`,
 * `query.from`), a `field.*` message key with its params, and zod's English text for API users.
 */
export interface FieldProblem {
  path: string;
  key: string;
  params?: MessageParams;
  message: string;
}

/** Renders a field problem in a locale, naming the field (`„title“ ist zu lang (höchstens 200).`). */
export function formatFieldProblem(
  p: { path: string; key?: string; params?: MessageParams; message: string },
  locale: Locale = 'de',
): string {
  if (!p.key || !(p.key in MESSAGES)) return `${p.path}: ${p.message}`;
  return formatMessage(p.key, { ...p.params, field: p.path }, locale);
}
