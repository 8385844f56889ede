/**
 * How a profile's link is shown: host and path without the scheme (`instagram.com/studio`). Only
 * http(s) URLs are ever rendered as links (the server accepts nothing else; this is the second lock).
 */
export function linkLabel(url: string): string {
  try {
    const u = new URL(url);
    const path = u.pathname === '/' ? '' : u.pathname.replace(/\/$/, '');
    return `${u.hostname.replace(/^www\./, '')}${path}`;
  } catch {
    return url;
  }
}

/** Whether a URL may become a link: absolute http(s). */
export function safeHref(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}
