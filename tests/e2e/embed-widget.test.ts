import { afterAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { addScheduleEntry } from '@planner/shared/plan/index';
import { withServerOptions } from '../helpers/fixtures.ts';
import { browserSuites } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import { approve, publish } from '../helpers/decisions.ts';
import { openDoc, serverPlan, waitFor } from '../integration/review/helpers.ts';

/** A partner's site: one page that frames the path given in `?src=`. */
async function partnerSite(): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const src = new URL(req.url ?? '/', 'http://x').searchParams.get('src') ?? '';
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(
      `<!doctype html><html lang="de"><title>Partner</title><h1>Nachbarschaft</h1><iframe title="Programm" src="${src}" width="600" height="400"></iframe>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const allowed = await partnerSite();
const other = await partnerSite();
const test = withServerOptions({ env: { EMBED_ORIGINS: allowed.origin } });

/**
 * Issue 17: the widget `/einbetten/<quarter>` shows in a partner's page whose origin is in EMBED_ORIGINS;
 * Chromium refuses it in any other site, and refuses every other page of ours in the partner's page too.
 */
describe.runIf(browserSuites())('the programme widget in a partner’s page', () => {
  let server: TestServer;
  let browser: Browser;
  const tag = Math.random().toString(36).slice(2, 7);
  const title = `Nachbarschaftsfest ${tag}`;

  test.beforeAll(async ({ server: s, browser: b, world }) => {
    [server, browser] = [s, b];
    const { api, demo } = world;
    const created = await api.designer1.post('/api/plans', { storefrontId: demo.storefrontIds[0], title: `Fest ${tag}` });
    const planId = created.body.id;
    const d = await openDoc(server, planId, api.designer1.token!);
    // Upcoming: the widget lists what has not ended yet.
    const start = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const end = new Date(Date.now() + 7 * 86_400_000 + 3_600_000).toISOString();
    addScheduleEntry(d.doc, { id: 'f', kind: 'event', title, start, end, public: true });
    await waitFor(async () => Object.keys((await serverPlan(server, planId)).schedule).length === 1 || undefined);
    d.close();
    expect((await api.designer1.post(`/api/plans/${planId}/transitions/submit`)).status).toBe(200);
    expect((await approve(api.staff, planId)).status).toBe(200);
    expect((await publish(api.staff, planId)).status).toBe(200);
  });
  afterAll(() => {
    allowed.server.close();
    other.server.close();
  });

  /** The partner's page framing `path`; `refusals` collects Chromium's framing refusals from the console. */
  async function framed(origin: string, path: string): Promise<{ page: Page; refusals: string[] }> {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const refusals: string[] = [];
    page.on('console', (m) => {
      if (/frame-ancestors|X-Frame-Options/i.test(m.text())) refusals.push(m.text());
    });
    await page.goto(`${origin}/?src=${encodeURIComponent(server.url + path)}`);
    return { page, refusals };
  }
  const inner = (page: Page) => page.frames().find((f) => f !== page.mainFrame())!;

  it('shows the quarter’s upcoming events in a page of an allowed origin', async () => {
    const { page, refusals } = await framed(allowed.origin, '/einbetten/unionviertel');
    await expect.poll(() => inner(page).locator('[data-testid="embed-list"]').textContent()).toContain(title);
    expect(await inner(page).locator('h1').textContent()).toContain('Unionviertel');
    expect(refusals).toEqual([]);
    await page.context().close();
  });

  it('is refused in any other site, and no other page of ours can be framed even by the allowed one', async () => {
    for (const [origin, path] of [
      [other.origin, '/einbetten/unionviertel'],
      [allowed.origin, '/programme'],
    ]) {
      const { page, refusals } = await framed(origin, path);
      await expect.poll(() => refusals.length, { message: `${origin} ${path}` }).toBeGreaterThan(0);
      // Chromium shows its own error page in the frame, nothing of ours.
      expect(await inner(page).content()).not.toMatch(/Kreativquartiere|Unionviertel|Programm/);
      await page.context().close();
    }
  });
});
