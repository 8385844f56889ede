import type { FieldProblem } from '@planner/shared';

/** The i18n key of the label of a field path of the application form (`storefronts.1.rank` → the storefronts). */
export function fieldLabelKey(path: string): string {
  const head = path.split('.')[0];
  const known = [
    'concept',
    'disciplines',
    'storefronts',
    'periodStart',
    'periodEnd',
    'formats',
    'expectedAudience',
    'needs',
    'needsNote',
    'portfolioLinks',
    'consent',
    'email',
    'account',
  ];
  return known.includes(head) ? `applications.field.${head}` : '';
}

/** The problems of a 400 that concern fields starting with `prefix`. */
export function problemsAt(fields: readonly FieldProblem[] | undefined, prefix: string): FieldProblem[] {
  return (fields ?? []).filter((f) => f.path === prefix || f.path.startsWith(`${prefix}.`));
}
