import { describe, expect, it, vi } from 'vitest';
import { get } from 'svelte/store';

// Every addMessages call of the app's i18n module: each one deep-merges the whole dictionary again.
const added = vi.hoisted(() => [] as string[][]);
vi.mock('svelte-i18n', async (importOriginal) => {
  const real = await importOriginal<typeof import('svelte-i18n')>();
  return {
    ...real,
    addMessages: (...args: Parameters<typeof real.addMessages>) => {
      const [, ...partials] = args;
      added.push(partials.flatMap((p) => Object.keys(p)));
      real.addMessages(...args);
    },
  };
});

describe('i18n start-up (issue 19: the editor’s load under 4× CPU throttling)', () => {
  it('loads several areas with one merge of the dictionary', async () => {
    const i18n = await import('./index');
    const before = added.length;
    await i18n.loadAreas('calls', 'jury', 'editor', 'findings');
    expect(added.length - before).toBe(1);
    // Loaded again: no merge at all; and the messages are there.
    await i18n.loadAreas('editor', 'jury');
    expect(added.length - before).toBe(1);
    const t = get(i18n.t);
    expect(t('editor.tab.layout')).not.toBe('editor.tab.layout');
  });
});
