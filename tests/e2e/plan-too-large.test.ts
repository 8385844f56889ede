import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { withServerOptions } from '../helpers/fixtures.ts';
import { browserSuites } from '../helpers/browser.ts';
import type { TestServer } from '../helpers/server.ts';
import type { DemoSet } from '@planner/server/modules/demo/seed';
import { openEditor, signedInContext } from './editor-kit.ts';

/**
 * Issue 15, finding 2: a plan over its size limit (SYNC_MAX_DOC_BYTES, 64 KiB here) still opens, and
 * the editor says in German, from the shared catalogue (`plan.tooLarge`), that it is too large.
 */
const test = withServerOptions({ env: { SYNC_MAX_DOC_BYTES: String(64 * 1024) } });

describe.runIf(browserSuites())('a plan over its size limit', () => {
  let server: TestServer;
  let browser: Browser;
  let demo: DemoSet;

  test.beforeAll(async ({ server: s, browser: b, world }) => {
    [server, browser] = [s, b];
    ({ demo } = world);
    // Grown before the limit existed (server-side writes are not limited).
    await server.app.sync.transact(demo.planId, (doc) => doc.getText('concept').insert(0, 'Sehr langer Text. '.repeat(5000)));
  });

  it('opens, and the editor says "Der Plan ist zu groß"', async () => {
    const ctx = await signedInContext(browser, server, demo.users.designer1.email, demo.password);
    const page = await openEditor(ctx, server, demo.planId);
    const note = page.getByTestId('plan-too-large');
    await expect.poll(() => note.textContent(), { timeout: 10_000 }).toContain('Der Plan ist zu groß');
    expect(await note.textContent()).toContain('höchstens 0,1 MB');
    await ctx.close();
  });
});
