import { describe, expect, it } from 'vitest';
import { PLAN_STATUSES } from '@planner/shared';
import de from '$lib/i18n/editor.de.json';
import en from '$lib/i18n/editor.en.json';
import { staleTextKey } from './stale-text';

const text = (messages: Record<string, string>, key: string) => {
  expect(messages[key], key).toBeTypeOf('string');
  return messages[key];
};

describe('the stale banner’s wording follows the plan’s status (issue 13, defect 9)', () => {
  it('says a published plan’s changes are not public yet, not that it still needs publishing', () => {
    const t = text(de, staleTextKey('published'));
    expect(t).toContain('Änderungen seit der Freigabe sind noch nicht öffentlich');
    expect(t).not.toContain('Vor der Veröffentlichung');
    expect(text(en, staleTextKey('published'))).toContain('not public yet');
  });

  it('keeps the “new approval before publishing” text for an approved plan only', () => {
    expect(text(de, staleTextKey('approved'))).toContain('Vor der Veröffentlichung ist eine neue Freigabe nötig');
    for (const status of PLAN_STATUSES.filter((s) => s !== 'approved')) {
      expect(text(de, staleTextKey(status)), status).not.toContain('Vor der Veröffentlichung');
    }
  });

  it('has every wording in German and English with the {when} placeholder', () => {
    for (const status of PLAN_STATUSES) {
      const key = staleTextKey(status);
      expect(text(de, key)).toContain('{when}');
      expect(text(en, key)).toContain('{when}');
    }
  });
});
