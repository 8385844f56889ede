import type { programmeRoutes, RouteResponse } from '@planner/shared';

/** One entry of the public programme, flattened for display. */
export interface ProgrammeRow {
  id: string;
  title: string;
  kind: string;
  start: string;
  end: string;
  description: string;
  planId: string;
  planTitle: string;
  storefrontTitle: string;
  address: string;
  quarterId: string;
  quarterName: string;
}

/** The answer of `GET /api/public/programme` as rows, sorted by start. */
export function normaliseProgramme(answer: RouteResponse<typeof programmeRoutes.list>): ProgrammeRow[] {
  return answer.items
    .map((e) => ({
      id: e.id,
      title: e.title,
      kind: e.kind,
      start: e.start,
      end: e.end,
      description: e.description,
      planId: e.planId,
      planTitle: e.planTitle,
      storefrontTitle: e.storefront.title,
      address: e.storefront.address,
      quarterId: e.quarter.id,
      quarterName: e.quarter.name,
    }))
    .sort((x, y) => Date.parse(x.start) - Date.parse(y.start));
}
