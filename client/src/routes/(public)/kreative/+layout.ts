import { loadAreas } from '$lib/i18n';

/** The directory of creative profiles and each profile. */
export const load = async () => {
  await loadAreas('profiles');
};
