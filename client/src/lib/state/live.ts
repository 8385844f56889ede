import { realtime } from '$lib/sync/realtime';

/**
 * Reloads `reload` whenever a socket.io event matching `match` arrives (debounced), and after a
 * reconnect (events may have been missed). Returns the cleanup for `$effect`.
 */
export function reloadOnEvents(match: (event: string) => boolean, reload: () => void, delayMs = 150): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(reload, delayMs);
  };
  const off1 = realtime.onAnyOf(match, schedule);
  const off2 = realtime.onReconnect(schedule);
  return () => {
    clearTimeout(timer);
    off1();
    off2();
  };
}

/** Events that can change what a plan overview shows. */
export const planEvents = (e: string) =>
  /^(plan|plans|approval|approvals|notification|notifications|comment|comments|checks|findings)[:.]/.test(e) && e !== 'plan:join';
