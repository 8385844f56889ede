import fp from 'fastify-plugin';
import fastifyHelmet from '@fastify/helmet';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The SHA-256 sources of the inline scripts of the client's HTML shell (SvelteKit's SPA fallback starts
 * the app with one inline script). Recomputed when the file changes, so a rebuilt client served without
 * a restart still passes the policy.
 */
function inlineScriptHashes(clientDir: string): () => string[] {
  const file = ['200.html', 'index.html'].map((f) => path.join(clientDir, f));
  let seen = '';
  let hashes: string[] = [];
  return () => {
    const found = file.find((f) => {
      try {
        return statSync(f).isFile();
      } catch {
        return false;
      }
    });
    if (!found) return [];
    const stamp = `${found}:${statSync(found).mtimeMs}`;
    if (stamp !== seen) {
      const html = readFileSync(found, 'utf8');
      hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
        (m) => `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`,
      );
      seen = stamp;
    }
    return hashes;
  };
}

/**
 * Security headers on every answer: a content security policy that the app passes (scripts only from
 * our origin plus the shell's own inline script by hash, no framing), nosniff, a strict referrer policy,
 * and HSTS when the public address is https.
 */
export default fp(
  async (app) => {
    const { clientDir, publicUrl, mapTileUrl } = app.config;
    const hashes = inlineScriptHashes(clientDir);
    const tileOrigin = mapTileUrl ? new URL(mapTileUrl).origin : null;
    const https = publicUrl.startsWith('https:');
    await app.register(fastifyHelmet, {
      global: true,
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", (() => hashes().join(' ') || "'self'") as never],
          // Svelte sets style attributes (positions on the canvas, colours): inline styles are needed.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:', ...(tileOrigin ? [tileOrigin] : [])],
          fontSrc: ["'self'", 'data:'],
          // 'self' covers same-origin ws:/wss: (Yjs, socket.io) in current browsers.
          connectSrc: ["'self'"],
          // Web workers and the service worker (/service-worker.js, issue 18); the web app manifest.
          workerSrc: ["'self'", 'blob:'],
          manifestSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          ...(https ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      crossOriginEmbedderPolicy: false,
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
      hsts: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      frameguard: { action: 'deny' },
    });
  },
  { name: 'security', dependencies: ['config'] },
);
