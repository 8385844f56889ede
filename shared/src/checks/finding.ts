import type { FindingMessageKey as MessageKey } from '../messages/findings.ts';
import type { Finding, FindingKind, MessageParams, Severity } from './types.ts';

/** Builds a finding. */
export function finding(
  kind: FindingKind,
  severity: Severity,
  messageKey: MessageKey,
  params: MessageParams,
  ids: string[],
  planIds: string[],
): Finding {
  return { kind, severity, messageKey, params, ids, planIds };
}

/** A stable identity of a finding (kind, message and the ids involved), for diffing findings over time. */
export function findingKey(f: Finding): string {
  return `${f.kind}|${f.messageKey}|${[...f.ids].sort().join(',')}`;
}

/** Findings that appeared and disappeared between two runs, plus those whose content changed. */
export function diffFindings(before: Finding[], after: Finding[]): { added: Finding[]; removed: Finding[]; changed: Finding[] } {
  const old = new Map(before.map((f) => [findingKey(f), f]));
  const now = new Map(after.map((f) => [findingKey(f), f]));
  const added = [...now].filter(([k]) => !old.has(k)).map(([, f]) => f);
  const removed = [...old].filter(([k]) => !now.has(k)).map(([, f]) => f);
  const changed = [...now]
    .filter(
      ([k, f]) =>
        old.has(k) && (old.get(k)!.severity !== f.severity || JSON.stringify(old.get(k)!.params) !== JSON.stringify(f.params)),
    )
    .map(([, f]) => f);
  return { added, removed, changed };
}

const RANK = { error: 0, warning: 1, info: 2 } as const;

/** Errors first, then warnings, then infos; stable within a severity. */
export function sortFindings(list: Finding[]): Finding[] {
  return [...list].sort((a, b) => RANK[a.severity] - RANK[b.severity]);
}
