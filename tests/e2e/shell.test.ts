import { describe, expect, it } from 'vitest';
import { test } from '../helpers/fixtures.ts';
import type { Browser } from 'playwright-core';
import { browserSuites, screenshot, seriousA11yViolations } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import { dbKind } from '../helpers/backends.ts';

describe.runIf(browserSuites())('the app shell in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  test.beforeAll(({ server: s, browser: b }) => {
    [server, browser] = [s, b];
  });

  it('loads in German, reaches the server without showing its internals, switches to English, and has no serious a11y violations', async () => {
    const page = await browser.newPage();
    await page.goto(server.url + '/');
    await expect.poll(() => page.getByTestId('health').textContent()).toContain('Der Dienst ist bereit');
    // The public landing page names no backend (that is /api/health's job, for operators).
    const body = (await page.locator('body').textContent()) ?? '';
    expect(body).not.toContain(dbKind);
    expect(body).not.toMatch(/Datenbank|Bus:|memory|redis/i);
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByLabel('Sprache').selectOption('en');
    await expect.poll(() => page.getByTestId('health').textContent()).toContain('The service is ready');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await screenshot(page, 'shell-home');
    await page.close();
  });

  it("a signed-out visitor's pages log no error and ask the server nothing that answers 401", async () => {
    // Issue 15, finding 20: every signed-out page load probed the session and logged a 401 console error.
    const page = await browser.newPage();
    const errors: string[] = [];
    const unauthorized: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('response', (r) => {
      if (r.status() === 401) unauthorized.push(r.url());
    });
    for (const path of ['/', '/programme', '/login']) {
      await page.goto(server.url + path);
      await page.waitForLoadState('networkidle');
    }
    await expect.poll(() => page.getByLabel('E-Mail-Adresse').count()).toBeGreaterThan(0);
    expect(unauthorized).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
