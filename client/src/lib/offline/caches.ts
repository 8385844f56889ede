/**
 * The service worker's runtime caches hold one person's answers (plans, the session, attachments):
 * they are deleted on sign-out and when another account signs in, so that nobody sees another
 * person's plans offline. The app shell's cache (`kq-shell-<version>`) holds no personal data and stays.
 * Small on purpose: the session state imports it, and so every page (the public programme's budget).
 */
const RUNTIME_CACHES = ['kq-data', 'kq-files'];
const OWNER_KEY = 'kq-offline-owner';

/** Deletes the runtime caches (resolves once they are gone; nothing to do without the Cache API). */
export async function clearOfflineCaches(): Promise<void> {
  if (typeof caches === 'undefined') return;
  await Promise.all(RUNTIME_CACHES.map((name) => caches.delete(name))).catch(() => undefined);
}

function owner(): string | null {
  try {
    return localStorage.getItem(OWNER_KEY);
  } catch {
    return null;
  }
}

function setOwner(userId: string | null) {
  try {
    if (userId) localStorage.setItem(OWNER_KEY, userId);
    else localStorage.removeItem(OWNER_KEY);
  } catch {
    // Storage refused (private mode): the caches are cleared on every sign-in/out instead.
  }
}

/** A person signed in: the caches are theirs; another account's are deleted first. */
export function claimOfflineCaches(userId: string): Promise<void> {
  const previous = owner();
  setOwner(userId);
  return previous === userId ? Promise.resolve() : clearOfflineCaches();
}

/** Nobody is signed in (sign-out, an expired or deleted session): the caches go. */
export function releaseOfflineCaches(): Promise<void> {
  if (owner() === null) return Promise.resolve();
  setOwner(null);
  return clearOfflineCaches();
}
