/**
 * The widget's framing policy: the global CSP with `frame-ancestors` set to the configured origins
 * (EMBED_ORIGINS; none configured: still `'none'`). Only the widget's answer gets this; every other
 * answer keeps `frame-ancestors 'none'` and `X-Frame-Options: DENY` (platform/http/security.ts).
 */
export function frameAncestors(csp: string, origins: readonly string[]): string {
  const value = origins.length ? origins.join(' ') : "'none'";
  const directives = csp
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d && !/^frame-ancestors\b/i.test(d));
  return [...directives, `frame-ancestors ${value}`].join(';');
}
