/**
 * A join-storm client that times the last byte of the sync reply without assembling it: it speaks
 * websocket over a raw TCP socket, reads only frame headers and the first bytes of each payload
 * (enough to classify the frame), and counts the rest. Receiving 150 × 5 MB through `ws` (which
 * concatenates every message into one Buffer) made the generator, not the server, the bottleneck.
 */
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import type { Protocol } from './target.ts';
import * as wire from './wire.ts';

/** Enough of a payload to read the Hocuspocus name prefix, the message type and the sync sub-type. */
const PEEK = 256;

export class SyncProbe {
  openedAt = 0;
  syncedAt = 0;
  syncBytes = 0;
  private sock?: net.Socket;

  constructor(
    readonly protocol: Protocol,
    readonly url: string,
    readonly doc: string,
  ) {}

  connect(timeoutMs = 120_000): Promise<void> {
    const u = new URL(this.url);
    return new Promise((resolve, reject) => {
      this.openedAt = wire.nowMs();
      // Reads land in one reusable buffer (no Buffer per chunk, nothing for the GC to collect).
      const sock = net.connect({
        host: u.hostname,
        port: Number(u.port),
        noDelay: true,
        onread: {
          buffer: Buffer.allocUnsafe(256 * 1024),
          callback: (n: number, buf: Uint8Array) => {
            onData(Buffer.from(buf.buffer, buf.byteOffset, n));
            return true;
          },
        },
      });
      this.sock = sock;
      const timer = setTimeout(() => {
        sock.destroy();
        reject(new Error(`probe: not synced in ${timeoutMs} ms`));
      }, timeoutMs);
      const fail = (msg: string) => {
        clearTimeout(timer);
        sock.destroy();
        reject(new Error(msg));
      };
      let handshake = Buffer.alloc(0);
      let upgraded = false;
      // Frame parser state: header bytes of the frame being read, then its payload.
      let header: number[] = [];
      let remaining = 0;
      let peek: Buffer[] = [];
      let peeked = 0;
      let frameLen = 0;
      let opcode = 0;
      const onFrameDone = () => {
        const head = Buffer.concat(peek);
        peek = [];
        peeked = 0;
        if (opcode === 0x8) return fail('probe: server closed the websocket');
        if (opcode !== 0x2 || head.length === 0) return;
        try {
          const h = wire.readHeader(this.protocol, head);
          if ((h.type === wire.MSG_SYNC || h.type === wire.MSG_HP_SYNC_REPLY) && h.sub === wire.SYNC_STEP2 && !this.syncedAt) {
            this.syncedAt = wire.nowMs();
            this.syncBytes = frameLen;
            clearTimeout(timer);
            resolve();
          }
        } catch {
          // A frame too short to classify is not the sync reply.
        }
      };
      const headerDone = () => {
        if (header.length < 2) return false;
        const code = header[1] & 0x7f;
        const hlen = code === 126 ? 4 : code === 127 ? 10 : 2;
        if (header.length < hlen) return false;
        opcode = header[0] & 0x0f;
        frameLen =
          code === 126
            ? (header[2] << 8) | header[3]
            : code === 127
              ? Number(Buffer.from(header.slice(2, 10)).readBigUInt64BE(0))
              : code;
        remaining = frameLen;
        header = [];
        return true;
      };
      const feed = (chunk: Buffer) => {
        let pos = 0;
        while (pos < chunk.length) {
          if (remaining > 0) {
            const take = Math.min(remaining, chunk.length - pos);
            if (peeked < PEEK) {
              const p = chunk.subarray(pos, pos + Math.min(take, PEEK - peeked));
              peek.push(Buffer.from(p));
              peeked += p.length;
            }
            pos += take;
            remaining -= take;
            if (remaining === 0) onFrameDone();
            continue;
          }
          header.push(chunk[pos++]);
          if (headerDone() && remaining === 0) onFrameDone();
        }
      };
      sock.on('connect', () => {
        const key = randomBytes(16).toString('base64');
        sock.write(
          `GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
        );
      });
      const onData = (chunk: Buffer) => {
        if (upgraded) return feed(chunk);
        handshake = Buffer.concat([handshake, chunk]);
        const end = handshake.indexOf('\r\n\r\n');
        if (end === -1) return;
        if (!/^HTTP\/1\.1 101/.test(handshake.toString('latin1', 0, 12)))
          return fail(`probe: upgrade refused: ${handshake.toString('latin1', 0, 40)}`);
        upgraded = true;
        if (this.protocol === 'hocuspocus') this.sendFrame(wire.hpAuth(this.doc));
        this.sendFrame(wire.syncStep1Empty(this.protocol, this.doc));
        const rest = handshake.subarray(end + 4);
        if (rest.length) feed(rest);
      };
      sock.on('error', (err) => fail(`probe: ${err.message}`));
      sock.on('close', () => {
        if (!this.syncedAt) fail('probe: closed before sync');
      });
    });
  }

  /** A masked binary frame, as clients must send. */
  private sendFrame(payload: Uint8Array) {
    const mask = randomBytes(4);
    const len = payload.length;
    const head = len < 126 ? Buffer.from([0x82, 0x80 | len]) : Buffer.from([0x82, 0x80 | 126, len >> 8, len & 0xff]);
    const body = Buffer.alloc(len);
    for (let i = 0; i < len; i++) body[i] = payload[i] ^ mask[i & 3];
    this.sock!.write(Buffer.concat([head, mask, body]));
  }

  close() {
    this.sock?.destroy();
  }
}
