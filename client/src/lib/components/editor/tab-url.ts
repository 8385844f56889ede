import { replaceState } from '$app/navigation';
import { page } from '$app/state';

/**
 * The plan editor's tab lives in the URL (`/plans/<id>?tab=review`, issue 14): a reload keeps it and a
 * notification's link opens it. The layout tab is the default and is left out of the URL.
 */
export function tabFromUrl<T extends string>(tabs: readonly T[], fallback: T): T {
  const wanted = page.url.searchParams.get('tab');
  return (tabs as readonly string[]).includes(wanted ?? '') ? (wanted as T) : fallback;
}

/** Writes the chosen tab into the URL without a navigation (no new history entry). */
export function writeTabToUrl(tab: string, fallback: string): void {
  const url = new URL(page.url);
  if ((url.searchParams.get('tab') ?? fallback) === tab) return;
  if (tab === fallback) url.searchParams.delete('tab');
  else url.searchParams.set('tab', tab);
  try {
    replaceState(url, page.state);
  } catch {
    // Before the router has started there is nothing to replace; the next choice writes it.
  }
}
