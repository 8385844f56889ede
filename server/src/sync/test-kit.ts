import type { SyncSocket } from './connection.ts';

/** A socket double for unit tests of the sync core: records frames and the close code. */
export class FakeSocket implements SyncSocket {
  readonly sent: Uint8Array[] = [];
  closedWith: { code: number; reason: string } | null = null;
  /** Set by a test to simulate backpressure. */
  bufferedAmount?: () => number;
  private messageListener: ((f: Uint8Array) => void) | null = null;
  private closeListener: (() => void) | null = null;

  send(frame: Uint8Array): void {
    if (this.closedWith) throw new Error('socket closed');
    this.sent.push(frame);
  }
  close(code: number, reason: string): void {
    if (this.closedWith) return;
    this.closedWith = { code, reason };
    this.closeListener?.();
  }
  onMessage(listener: (f: Uint8Array) => void): void {
    this.messageListener = listener;
  }
  onClose(listener: () => void): void {
    this.closeListener = listener;
  }
  /** The client sends a frame. */
  receive(frame: Uint8Array): void {
    this.messageListener?.(frame);
  }
  /** The client goes away. */
  drop(): void {
    this.closedWith ??= { code: 1006, reason: '' };
    this.closeListener?.();
  }
}

import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import type { SyncServer } from './sync-server.ts';

/** A minimal y-websocket client over a {@link FakeSocket}: enough to sync a Y.Doc with a SyncServer. */
export function fakeClient(server: SyncServer, docId: string, opts: { userId?: string; canWrite?: boolean; ack?: boolean } = {}) {
  const socket = new FakeSocket();
  const doc = new Y.Doc();
  const frames: Uint8Array[] = [];
  const origSend = socket.send.bind(socket);
  socket.send = (frame: Uint8Array) => {
    origSend(frame);
    frames.push(frame);
    queueMicrotask(() => {
      const decoder = decoding.createDecoder(frame);
      if (decoding.readVarUint(decoder) !== 0) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      syncProtocol.readSyncMessage(decoder, encoder, doc, 'server');
      if (encoding.length(encoder) > 1 && !socket.closedWith) socket.receive(encoding.toUint8Array(encoder));
    });
  };
  doc.on('update', (u: Uint8Array, origin: unknown) => {
    if (origin === 'server' || socket.closedWith) return;
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    syncProtocol.writeUpdate(e, u);
    socket.receive(encoding.toUint8Array(e));
  });
  const conn = server.handleConnection(socket, {
    docId,
    userId: opts.userId ?? 'u',
    canWrite: opts.canWrite ?? true,
    ack: opts.ack,
  });
  // The client's own step 1, as a provider sends on open.
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  syncProtocol.writeSyncStep1(e, doc);
  socket.receive(encoding.toUint8Array(e));
  return { socket, doc, frames, conn };
}
