/**
 * The decision mails' default templates (issue 16), seeded into a call's templates on first use, and
 * the placeholder rendering. Placeholders: {name}, {call}, {storefront}, {plan_link}; unknown ones stay
 * as they are. These are mail texts in the recipient's language, not UI messages.
 */
import type { TemplateRow } from './repo.ts';

export const DEFAULT_TEMPLATES: readonly TemplateRow[] = [
  {
    kind: 'selected',
    locale: 'de',
    subject: 'Ihre Bewerbung für „{call}“: ausgewählt',
    body: 'Hallo {name},\n\nherzlichen Glückwunsch: Die Jury hat Ihr Konzept für „{call}“ ausgewählt. Sie gestalten das Ladenlokal {storefront}.\n\nIhr Plan ist angelegt: {plan_link}\n\nViele Grüße\nIhr Team Kreativquartiere',
  },
  {
    kind: 'declined',
    locale: 'de',
    subject: 'Ihre Bewerbung für „{call}“',
    body: 'Hallo {name},\n\nvielen Dank für Ihre Bewerbung für „{call}“. Leider konnten wir Ihr Konzept dieses Mal nicht auswählen.\n\nWir freuen uns, wenn Sie sich wieder bewerben.\n\nViele Grüße\nIhr Team Kreativquartiere',
  },
  {
    kind: 'waitlisted',
    locale: 'de',
    subject: 'Ihre Bewerbung für „{call}“: Nachrückliste',
    body: 'Hallo {name},\n\nIhr Konzept für „{call}“ steht auf unserer Nachrückliste. Wird ein Platz frei, melden wir uns.\n\nViele Grüße\nIhr Team Kreativquartiere',
  },
  {
    kind: 'selected',
    locale: 'en',
    subject: 'Your application for “{call}”: selected',
    body: 'Hello {name},\n\ncongratulations: the jury selected your concept for “{call}”. You will stage the storefront {storefront}.\n\nYour plan is ready: {plan_link}\n\nBest regards\nThe Kreativquartiere team',
  },
  {
    kind: 'declined',
    locale: 'en',
    subject: 'Your application for “{call}”',
    body: 'Hello {name},\n\nthank you for applying to “{call}”. Unfortunately we could not select your concept this time.\n\nWe would be glad to hear from you again.\n\nBest regards\nThe Kreativquartiere team',
  },
  {
    kind: 'waitlisted',
    locale: 'en',
    subject: 'Your application for “{call}”: waiting list',
    body: 'Hello {name},\n\nyour concept for “{call}” is on our waiting list. Should a place become free, we will get in touch.\n\nBest regards\nThe Kreativquartiere team',
  },
];

/** Replaces {name}, {call}, {storefront} and {plan_link}. */
export function renderTemplate(text: string, vars: Record<'name' | 'call' | 'storefront' | 'plan_link', string>): string {
  return text.replace(/\{(name|call|storefront|plan_link)\}/g, (_, k: keyof typeof vars) => vars[k]);
}
