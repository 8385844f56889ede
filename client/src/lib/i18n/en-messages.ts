import en from './en.json';
import editorEn from './editor.en.json';
import placesEn from './places.en.json';
import findingsEn from './findings.en.json';
import housekeepingEn from './housekeeping.en.json';
import teamEn from './team.en.json';
import accountsEn from './accounts.en.json';
import publicationEn from './publication.en.json';
import bindEn from './bind.en.json';
import picturesEn from './pictures.en.json';
import profilesEn from './profiles.en.json';
import reportsEn from './reports.en.json';
import underlayEn from './underlay.en.json';
import privacyEn from './privacy.en.json';
import publicWebEn from './publicweb.en.json';
import offlineEn from './offline.en.json';
import handoverEn from './handover.en.json';
import applicationsEn from './applications.en.json';
import recurrenceEn from './recurrence.en.json';
import rotaEn from './rota.en.json';
import callsEn from './calls.en.json';
import juryEn from './jury.en.json';

/**
 * The English messages of every area, merged into one dictionary: a chunk of its own that svelte-i18n
 * loads when someone switches to English (see index.ts). Area files keep separate top-level keys;
 * the merge is deep anyway, so two areas may share a namespace.
 */
type Dict = { [key: string]: string | Dict };

function merge(into: Dict, from: Dict): Dict {
  for (const [key, value] of Object.entries(from)) {
    const existing = into[key];
    into[key] = typeof value === 'object' && typeof existing === 'object' ? merge({ ...existing }, value) : value;
  }
  return into;
}

const messages: Dict = [
  en,
  editorEn,
  placesEn,
  findingsEn,
  housekeepingEn,
  teamEn,
  accountsEn,
  publicationEn,
  bindEn,
  picturesEn,
  profilesEn,
  reportsEn,
  underlayEn,
  privacyEn,
  publicWebEn,
  offlineEn,
  handoverEn,
  applicationsEn,
  recurrenceEn,
  rotaEn,
  callsEn,
  juryEn,
].reduce<Dict>((all, d) => merge(all, d as Dict), {});
export default messages;
