import { isMessageKey, type checkRoutes, type Finding, type RouteResponse } from '@planner/shared';

type WireFinding = RouteResponse<typeof checkRoutes.plan>['findings'][number];

/**
 * The findings of a checks answer as the shared `Finding` type. The route contract types `messageKey`
 * as any string, the checks send keys of the catalogue: one that is not (a newer server) is left out
 * and logged, since this client could only show the bare key.
 */
export function catalogued(list: WireFinding[]): Finding[] {
  const known = list.filter((f): f is WireFinding & Finding => isMessageKey(f.messageKey));
  if (known.length < list.length)
    console.warn(
      '[checks] findings with unknown message keys left out',
      list.filter((f) => !isMessageKey(f.messageKey)),
    );
  return known;
}
