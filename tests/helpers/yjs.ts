import * as Y from 'yjs';
import WS from 'ws';
import { WebsocketProvider } from 'y-websocket';

/** A stock y-websocket client on `/yjs/<planId>` with a bearer token, as non-browser clients connect. */
export function openDoc(wsUrl: string, planId: string, token: string) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${wsUrl}/yjs`, planId, doc, {
    WebSocketPolyfill: WS as unknown as typeof WebSocket,
    disableBc: true,
    params: { token },
  });
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    provider.on('sync', (s: boolean) => s && resolve());
  });
  return {
    doc,
    provider,
    synced,
    close() {
      provider.destroy();
      doc.destroy();
    },
  };
}
