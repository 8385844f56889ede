import { loadAreas } from '$lib/i18n';

/** The signed-in app shows every area somewhere (navigation, editor tabs, notifications): load their messages. */
export const load = async () => {
  await loadAreas(
    'calls',
    'applications',
    'jury',
    'rota',
    'handover',
    'reports',
    'underlay',
    'pictures',
    'profiles',
    'editor',
    'findings',
    'housekeeping',
    'team',
    'publication',
    'bind',
    'recurrence',
  );
};
