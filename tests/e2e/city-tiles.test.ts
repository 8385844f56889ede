import { describe, expect, it } from 'vitest';
import { withServerOptions } from '../helpers/fixtures.ts';
import type { Browser } from 'playwright-core';
import { browserSuites, signIn } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';

// A tile "server" on our own origin stands in for a city-run one: requests are observed, not served.
// This file's own settings; a derived test keeps them out of other files sharing the worker.
const test = withServerOptions({ env: { MAP_TILE_URL: 'http://127.0.0.1:9/tiles/{z}/{x}/{y}.png' } });

describe.runIf(browserSuites())('optional map tiles on the city view, set on the server at run time', () => {
  let server: TestServer;
  let browser: Browser;
  let demo: DemoSet;
  test.beforeAll(({ server: s, browser: b, world }) => {
    [server, browser] = [s, b];
    ({ demo } = world);
  });

  it('loads no tile until the visitor opts in, then asks the configured tile server', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const tiles: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/tiles/')) tiles.push(r.url());
    });
    await signIn(page, server.url, demo.users.staff.email, demo.password);
    await page.goto(server.url + '/city');
    const optIn = page.getByRole('checkbox');
    await expect.poll(() => optIn.count()).toBe(1);
    await expect.poll(() => page.getByTestId('city-map').count()).toBe(1);
    expect(tiles).toEqual([]);
    await optIn.check();
    await expect.poll(() => tiles.length).toBeGreaterThan(0);
    expect(tiles.every((u) => /^http:\/\/127\.0\.0\.1:9\/tiles\/\d+\/\d+\/\d+\.png$/.test(u))).toBe(true);
    await ctx.close();
  });
});
