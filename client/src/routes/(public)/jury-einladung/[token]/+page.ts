import { loadAreas } from '$lib/i18n';

/** A juror's invitation: the calls and jury areas. */
export const load = async () => {
  await loadAreas('calls', 'jury');
};
