import { derived } from 'svelte/store';
import { locale } from 'svelte-i18n';

export type Lang = 'de' | 'en';

/** The reader's language for catalogue texts (German unless English is chosen). */
export const lang = derived(locale, (l): Lang => ((l ?? 'de').startsWith('en') ? 'en' : 'de'));
