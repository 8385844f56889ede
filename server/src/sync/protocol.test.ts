import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  ProtocolError,
  decodeClientMessage,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  encodeAwareness,
  checkStateVector,
} from './protocol.ts';

describe('client frame decoding', () => {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, 'abc');
  const update = Y.encodeStateAsUpdate(doc);

  it('round-trips every client message type', () => {
    expect(decodeClientMessage(encodeSyncStep1(Y.encodeStateVector(doc)))).toMatchObject({ type: 'sync-step1' });
    expect(decodeClientMessage(encodeSyncStep2(update))).toEqual({ type: 'sync-step2', update });
    expect(decodeClientMessage(encodeUpdate(update))).toEqual({ type: 'update', update });
    expect(decodeClientMessage(encodeAwareness(new Uint8Array([0])))).toEqual({ type: 'awareness', update: new Uint8Array([0]) });
    expect(decodeClientMessage(new Uint8Array([3]))).toEqual({ type: 'query-awareness' });
  });

  it.each([
    ['empty frame', []],
    ['unterminated varint', [0x80, 0x80]],
    ['unknown type', [7]],
    ['auth from a client', [2, 0]],
    ['unknown sync type', [0, 5, 0]],
    ['length past the end', [0, 2, 9, 1]],
    ['trailing bytes', [3, 0]],
  ])('rejects %s with ProtocolError', (_name, bytes) => {
    expect(() => decodeClientMessage(new Uint8Array(bytes))).toThrow(ProtocolError);
  });

  it('reads lengths only within the frame even when it is a view on a larger buffer', () => {
    const backing = new Uint8Array([0, 2, 4, 1, 2, 3, 4, 5, 6]);
    // The view ends before the announced 4 bytes do; the bytes after it must not be read.
    expect(() => decodeClientMessage(backing.subarray(0, 5))).toThrow(ProtocolError);
  });

  it('validates state vectors', () => {
    expect(() => checkStateVector(Y.encodeStateVector(doc))).not.toThrow();
    expect(() => checkStateVector(new Uint8Array([3, 1]))).toThrow(ProtocolError);
  });
});
