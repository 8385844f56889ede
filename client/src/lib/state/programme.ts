/**
 * The public programme as the client shows it. `normaliseProgramme` reads the answer of
 * `GET /api/public/programme` and keeps only the public fields it shows.
 */
export interface ProgrammeEntry {
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

type RawEntry = Record<string, unknown> & {
  id?: string;
  entryId?: string;
  title?: string;
  kind?: string;
  start?: string;
  end?: string;
  description?: string;
  publicDescription?: string;
  planId?: string;
  planTitle?: string;
  plan?: { id?: string; title?: string; publicDescription?: string; description?: string };
  storefront?: { title?: string; address?: string; quarterId?: string; quarterName?: string; quarter?: { id?: string; name?: string } };
  storefrontTitle?: string;
  address?: string;
  quarter?: { id?: string; name?: string } | string;
  quarterId?: string;
  quarterName?: string;
};

export function normaliseProgramme(answer: unknown): ProgrammeEntry[] {
  const a = answer as { items?: RawEntry[]; entries?: RawEntry[]; events?: RawEntry[]; plans?: (RawEntry & { entries?: RawEntry[] })[] } | RawEntry[];
  let raw: RawEntry[] = [];
  if (Array.isArray(a)) raw = a;
  else if (a.items) raw = a.items;
  else if (a.entries) raw = a.entries;
  else if (a.events) raw = a.events;
  else if (a.plans) raw = a.plans.flatMap((p) => (p.entries ?? []).map((e) => ({ ...e, plan: { id: p.id as string, title: p.title as string }, storefront: p.storefront, quarter: p.quarter })));
  return raw
    .map((e, i): ProgrammeEntry => {
      const q = typeof e.quarter === 'object' ? e.quarter : undefined;
      return {
        id: String(e.id ?? e.entryId ?? i),
        title: e.title ?? '',
        kind: e.kind ?? 'event',
        start: e.start ?? '',
        end: e.end ?? e.start ?? '',
        description: e.description ?? e.publicDescription ?? e.plan?.publicDescription ?? '',
        planId: e.planId ?? e.plan?.id ?? '',
        planTitle: e.planTitle ?? e.plan?.title ?? '',
        storefrontTitle: e.storefrontTitle ?? e.storefront?.title ?? '',
        address: e.address ?? e.storefront?.address ?? '',
        quarterId: e.quarterId ?? q?.id ?? e.storefront?.quarterId ?? e.storefront?.quarter?.id ?? '',
        quarterName: e.quarterName ?? q?.name ?? (typeof e.quarter === 'string' ? e.quarter : '') ?? e.storefront?.quarterName ?? '',
      };
    })
    .filter((e) => e.start)
    .sort((x, y) => Date.parse(x.start) - Date.parse(y.start));
}
