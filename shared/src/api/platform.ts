/**
 * Operations and public settings: health of the backends, the Prometheus metrics, settings the browser
 * reads before sign-in.
 */
import { z } from 'zod';
import { defineRoute } from './contract.ts';

export const Health = z.object({
  /** `draining`: the instance is stopping (SIGTERM) and answers 503 so that proxies send work elsewhere. */
  status: z.enum(['ok', 'unavailable', 'draining']),
  db: z.string(),
  bus: z.string(),
  dbOk: z.boolean(),
  busOk: z.boolean(),
  /** The backends that do not answer (empty when `status` is ok), e.g. `["db"]` during a database outage. */
  down: z.array(z.enum(['db', 'bus'])),
  version: z.string(),
});
export type Health = z.infer<typeof Health>;

export const PublicConfig = z.object({
  version: z.string(),
  mapTileUrl: z.string().nullable(),
  /** Single sign-on with the city's identity provider is set up: the login page offers it. */
  sso: z.boolean(),
});
export type PublicConfig = z.infer<typeof PublicConfig>;

export const platformRoutes = {
  health: defineRoute({
    method: 'GET',
    path: '/api/health',
    summary: 'Kind and health of the database and the bus (503 when one does not answer, or while the instance stops)',
    tags: ['operations'],
    response: { 200: Health, 503: Health },
  }),
  /**
   * Prometheus text format (version 0.0.4). Off (404) unless the server has METRICS_TOKEN (then only with
   * `Authorization: Bearer <token>`, else 401); with METRICS_PORT it is served on that internal port only.
   */
  metrics: defineRoute({
    method: 'GET',
    path: '/metrics',
    summary: 'Prometheus metrics (bearer token METRICS_TOKEN; 404 when switched off or on an internal port)',
    tags: ['operations'],
    produces: 'text/plain',
    response: { 200: z.string() },
  }),
  publicConfig: defineRoute({
    method: 'GET',
    path: '/api/public/config',
    summary: 'Public settings for the browser (e.g. the optional map tile URL)',
    tags: ['operations'],
    response: { 200: PublicConfig },
  }),
};
