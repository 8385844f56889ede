import { toJSON, type PlanDocJSON } from '@planner/shared/plan/index';
import type { TestServer } from '../../helpers/server.ts';
import { openSyncedDoc } from '../../helpers/yjs.ts';

export { waitFor } from '../../helpers/wait.ts';
export { connectRecorder, type ClientSocket, type Recorder } from '../../helpers/sockets.ts';

/** A stock y-websocket client on `WS /yjs/<planId>?token=…`, resolved once synced. */
export function openDoc(server: TestServer, planId: string, token: string) {
  return openSyncedDoc(server.wsUrl, planId, { token });
}

/** The server's live view of a plan document (for waiting until an edit has arrived). */
export function serverPlan(server: TestServer, planId: string): Promise<PlanDocJSON> {
  return server.app.sync.withDoc(planId, (doc) => toJSON(doc).plan);
}

/** A schedule entry input on a fixed day in March 2027 (Berlin, CET). */
export function entry(id: string, over: Record<string, unknown> = {}) {
  return {
    id,
    kind: 'event' as const,
    title: `Termin ${id}`,
    start: '2027-03-05T18:00:00+01:00',
    end: '2027-03-05T20:00:00+01:00',
    public: true,
    ...over,
  };
}

/** Parses an iCalendar text with node-ical; returns its events by UID and its time zones. */
export async function parseCalendar(text: string) {
  const ical = (await import('node-ical')).default;
  const data = ical.sync.parseICS(text);
  const events = new Map<string, any>();
  const zones: any[] = [];
  for (const c of Object.values(data) as any[]) {
    if (c?.type === 'VEVENT') events.set(c.uid, c);
    if (c?.type === 'VTIMEZONE') zones.push(c);
  }
  return { events, zones };
}

/** GETs a calendar and parses it. */
export async function fetchCalendar(url: string, token?: string | null) {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    text,
    ...(res.status === 200 ? await parseCalendar(text) : { events: new Map(), zones: [] }),
  };
}
