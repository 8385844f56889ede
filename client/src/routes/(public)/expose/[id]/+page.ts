import { loadAreas } from '$lib/i18n';

/** The exposé's texts are the calls area's. */
export const load = async () => {
  await loadAreas('calls');
};
