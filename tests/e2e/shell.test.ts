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

  it('loads in German, reaches the server, switches to English, and has no serious a11y violations', async () => {
    const page = await browser.newPage();
    await page.goto(server.url + '/');
    await expect.poll(() => page.getByTestId('health').textContent()).toContain(`Datenbank: ${dbKind}`);
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByLabel('Sprache').selectOption('en');
    await expect.poll(() => page.getByTestId('health').textContent()).toContain(`database: ${dbKind}`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await screenshot(page, 'shell-home');
    await page.close();
  });
});
