import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DemoApis } from '../helpers/api.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import type { TestServer } from '../helpers/server.ts';

/** Helpers of the plan editor's browser tests. */

/** An 8 m × 10 m shop with its door at the front, available for the next weeks. */
export async function prepareStorefront(server: TestServer, api: DemoApis, demo: DemoSet) {
  const outline = [
    { x: 0, y: 0 },
    { x: 800, y: 0 },
    { x: 800, y: 1000 },
    { x: 0, y: 1000 },
  ];
  const start = new Date(Date.now() - 86_400_000).toISOString();
  const end = new Date(Date.now() + 40 * 86_400_000).toISOString();
  const res = await api.staff.patch(`/api/storefronts/${demo.storefrontIds[0]}`, {
    outline,
    doors: [{ x: 400, y: 0, width: 120, main: true }],
    availability: [{ start, end }],
    maxOccupancy: 60,
    areaM2: 80,
  });
  if (res.status !== 200) throw new Error(`storefront patch failed: ${res.status} ${JSON.stringify(res.body)}`);
  void server;
}

/** A browser context signed in as `email` (session cookie from the login endpoint). */
export async function signedInContext(
  browser: Browser,
  server: TestServer,
  email: string,
  password: string,
): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
  const res = await ctx.request.post(`${server.url}/api/auth/login`, {
    data: { email, password },
    headers: { origin: server.url },
  });
  if (!res.ok()) throw new Error(`login of ${email} failed: ${res.status()} ${await res.text()}`);
  return ctx;
}

/** Opens the plan editor and waits until the document is shown. */
export async function openEditor(ctx: BrowserContext, server: TestServer, planId: string): Promise<Page> {
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error('[pageerror]', e.message));
  await page.goto(`${server.url}/plans/${planId}`);
  await page.getByTestId('plan-editor').waitFor();
  // A plain bounded wait (not expect.poll), so the benchmark can use this outside a test.
  for (let i = 0; ; i++) {
    const state = await page
      .getByTestId('save-state')
      .getAttribute('data-state')
      .catch(() => null);
    if (state === 'saved' || state === 'readonly') break;
    if (i > 150) throw new Error(`the editor did not finish loading (save state ${state})`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return page;
}

/** The layout as the page renders it: id → x, y, w, h, rotation from the canvas's elements. */
export async function canvasLayout(page: Page): Promise<Record<string, { x: number; y: number; w: number; h: number }>> {
  // A string, not a function: the benchmark runs under tsx, whose name helper does not exist in the page.
  return page.evaluate(`(() => {
    const out = {};
    for (const g of document.querySelectorAll('[data-testid="layout-canvas"] [data-item-id]')) {
      const r = g.querySelector('rect');
      out[g.getAttribute('data-item-id')] = { x: Number(r.getAttribute('x')), y: Number(r.getAttribute('y')), w: Number(r.getAttribute('width')), h: Number(r.getAttribute('height')) };
    }
    return out;
  })()`);
}

/** Screen position of a shop coordinate (cm) on the canvas. */
export async function screenPoint(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  return page.evaluate(`(() => {
    const svg = document.querySelector('[data-testid="layout-canvas"]');
    const p = new DOMPoint(${x}, ${y}).matrixTransform(svg.getScreenCTM());
    return { x: p.x, y: p.y };
  })()`);
}

/** Drags an item's centre by (dx, dy) cm with the mouse, in several steps. */
export async function dragItem(page: Page, id: string, dx: number, dy: number) {
  const r = await itemRect(page, id);
  const from = await screenPoint(page, r.x + r.w / 2, r.y + r.h / 2);
  const to = await screenPoint(page, r.x + r.w / 2 + dx, r.y + r.h / 2 + dy);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(from.x + ((to.x - from.x) * i) / 8, from.y + ((to.y - from.y) * i) / 8);
  await page.mouse.up();
}

export async function itemRect(page: Page, id: string) {
  const l = await canvasLayout(page);
  if (!l[id]) throw new Error(`no item ${id} on the canvas`);
  return l[id];
}
