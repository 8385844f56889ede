import { describe, expect, it } from 'vitest';
import { test } from '../helpers/fixtures.ts';
import type { Browser, Page } from 'playwright-core';
import { ConsoleMailer } from '@planner/server/platform/mail/mailer';
import { browserSuites, screenshot, seriousA11yViolations } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { signedInContext } from './editor-kit.ts';

/**
 * Forming a team in the app (issue 14): designer 1 starts a plan and invites designer 2 by e-mail;
 * designer 2 signs up through the mailed link, lands in the plan, and both co-edit live; designer 3
 * opens the plan's URL, sees "Kein Zugriff", asks for access; the lead accepts and designer 3's page
 * opens the plan live. On the old code there was no team control and the page spun forever.
 */
describe.runIf(browserSuites())('plan teams in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let demo: DemoSet;
  /** What the console mailer wrote (its log line carries the mail's text). */
  const mails: string[] = [];
  test.beforeAll(async ({ server: s, browser: b, world }) => {
    [server, browser] = [s, b];
    demo = world.demo;
    server.app.auth.mailer = new ConsoleMailer({ info: (_obj, msg) => void mails.push(msg) });
  });

  const waitSaved = async (page: Page) =>
    expect.poll(() => page.getByTestId('save-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('saved');

  it('invite by e-mail, sign up into the plan, co-edit; a non-member asks for access and the plan opens live', async () => {
    const title = `Teamplan ${Math.random().toString(36).slice(2, 7)}`;
    const c1 = await signedInContext(browser, server, demo.users.designer1.email, demo.password);
    const p1 = await c1.newPage();
    await p1.goto(`${server.url}/storefronts/${demo.storefrontIds[0]}`);
    await p1.getByLabel('Neuen Plan anlegen (Titel)').fill(title);
    await p1.getByRole('button', { name: 'Plan anlegen' }).click();
    await p1.waitForURL(/\/plans\/[0-9a-f-]{36}$/);
    const planId = p1.url().split('/').pop()!;
    await waitSaved(p1);
    const panel = p1.getByTestId('members-panel');
    await expect.poll(() => panel.getByText('Lead-Designer*in').count()).toBe(1);

    // Designer 1 invites designer 2, who has no account yet.
    const email = `team+${Math.random().toString(36).slice(2, 8)}@example.org`;
    await panel.getByLabel('Per E-Mail einladen').fill(email);
    await panel.getByRole('button', { name: 'Einladen' }).click();
    await expect.poll(() => panel.getByTestId('invite-done').count()).toBe(1);
    await expect.poll(() => mails.some((m) => m.includes('/einladung/'))).toBe(true);
    const link = mails
      .join('\n')
      .match(/https?:\/\/\S+\/einladung\/[\w-]+/g)
      ?.pop();
    expect(link).toBeTruthy();

    const c2 = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
    const p2 = await c2.newPage();
    await p2.goto(link!.replace(/^https?:\/\/[^/]+/, server.url));
    await p2.getByLabel('Ihr Name').fill('Dana Zwei');
    await p2.getByLabel('Passwort wählen').fill('ein langes Passwort');
    await p2.getByLabel('Passwort wiederholen').fill('ein langes Passwort');
    await p2.getByRole('button', { name: 'Einladung annehmen' }).click();
    await p2.waitForURL(`**/plans/${planId}`);
    await expect.poll(() => p2.getByRole('heading', { level: 1 }).textContent()).toBe(title);
    await waitSaved(p2);
    // The lead's panel shows designer 2 live.
    await expect.poll(() => panel.getByText('Dana Zwei').count()).toBe(1);

    // Both co-edit the concept live.
    for (const p of [p1, p2]) await p.getByRole('tab', { name: 'Konzept' }).click();
    await p1.getByTestId('concept').click();
    await p1.keyboard.type('Gemeinsam geplant.');
    await expect.poll(() => p2.getByTestId('concept').inputValue()).toBe('Gemeinsam geplant.');
    await p2.getByTestId('concept').click();
    await p2.keyboard.press('End');
    await p2.keyboard.type(' Von zweien.');
    await expect.poll(() => p1.getByTestId('concept').inputValue()).toBe('Gemeinsam geplant. Von zweien.');

    // Designer 3 opens the plan's URL: "Kein Zugriff", none of the plan's content, no storm of 403s.
    const c3 = await signedInContext(browser, server, demo.users.designer3.email, demo.password);
    const p3 = await c3.newPage();
    const refused: string[] = [];
    p3.on('response', (r) => {
      if (r.status() === 403) refused.push(r.url());
    });
    await p3.goto(`${server.url}/plans/${planId}`);
    await expect.poll(() => p3.getByRole('heading', { level: 1 }).textContent()).toBe('Kein Zugriff');
    expect(await p3.getByText(title).count()).toBe(0);
    expect(await p3.getByText('Plan wird geladen').count()).toBe(0);
    expect(refused).toEqual([`${server.url}/api/plans/${planId}`]);
    expect(await seriousA11yViolations(p3)).toEqual([]);
    await p3.getByRole('button', { name: 'Zugang anfragen' }).click();
    await expect.poll(() => p3.getByTestId('access-requested').count()).toBe(1);
    await screenshot(p3, 'team-no-access');

    // The lead sees the request live and accepts it (confirmed).
    const requests = panel.getByTestId('access-requests');
    await expect.poll(() => requests.getByText(demo.users.designer3.name).count()).toBe(1);
    await requests.getByRole('button', { name: 'Annehmen' }).click();
    await p1.getByRole('dialog').getByRole('button', { name: 'Annehmen' }).click();
    await expect.poll(() => panel.getByTestId('team-member').count()).toBe(3); // designers 1, 2 and 3
    expect(await panel.getByTestId('team-reviewers').textContent()).toContain(demo.users.owner1.name);
    await screenshot(p1, 'team-members-panel');

    // Designer 3's open page becomes the plan, live, and edits reach the others.
    await expect.poll(() => p3.getByRole('heading', { level: 1 }).textContent(), { timeout: 15_000 }).toBe(title);
    await waitSaved(p3);
    await p3.getByRole('tab', { name: 'Konzept' }).click();
    await expect.poll(() => p3.getByTestId('concept').inputValue()).toBe('Gemeinsam geplant. Von zweien.');
    expect(await seriousA11yViolations(p1)).toEqual([]);
    for (const c of [c1, c2, c3]) await c.close();
  });

  it('an unknown plan says "Plan nicht gefunden", on the editor and the print page', async () => {
    const ctx = await signedInContext(browser, server, demo.users.designer3.email, demo.password);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/plans/00000000-0000-4000-8000-000000000000`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Plan nicht gefunden');
    await page.goto(`${server.url}/plans/${demo.planId}/print`);
    await expect.poll(() => page.getByRole('alert').count()).toBeGreaterThan(0);
    expect(await page.getByText('Wird geladen').count()).toBe(0);
    await ctx.close();
  });
});
