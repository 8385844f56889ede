import { loadAreas } from '$lib/i18n';

/** The public call pages and the application form. */
export const load = async () => {
  await loadAreas('calls', 'applications');
};
