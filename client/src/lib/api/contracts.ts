import * as shared from '@planner/shared';
import type { RouteContract } from '@planner/shared';

/**
 * Every route contract of `@planner/shared` by `METHOD path`: how a {@link RouteRef} (method and path
 * only) finds its contract when answers are validated (`vite dev` and the test build). Imported on demand
 * by `request`, so that the pages that call routes by reference (the public pages, the session check)
 * do not load zod and the contracts.
 */
const byRoute = new Map<string, RouteContract>();
for (const group of Object.values(shared)) {
  if (!group || typeof group !== 'object') continue;
  for (const c of Object.values(group as Record<string, unknown>)) {
    if (c && typeof c === 'object' && 'method' in c && 'path' in c && 'response' in c) {
      const contract = c as RouteContract;
      byRoute.set(`${contract.method} ${contract.path}`, contract);
    }
  }
}

/** The contract of a route, or an error naming the route when `@planner/shared` has none. */
export function contractOf(method: string, path: string): RouteContract {
  const c = byRoute.get(`${method} ${path}`);
  if (!c) throw new Error(`no route contract for ${method} ${path} in @planner/shared`);
  return c;
}
