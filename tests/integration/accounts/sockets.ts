import type { TestServer } from '../../helpers/server.ts';
import { openSyncedDoc } from '../../helpers/yjs.ts';

export { connectSocket, joinPlan, yjsUpgradeStatus, type ClientSocket } from '../../helpers/sockets.ts';

/** A stock y-websocket provider on `WS /yjs/<planId>?token=…`, resolved once synced. */
export function openProvider(server: TestServer, planId: string, token: string) {
  return openSyncedDoc(server.wsUrl, planId, { token });
}
