import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';

/**
 * The size of one loaded document (its encoded Yjs state, pending structs included), for the
 * document size limit. Encoding a large document costs time, so the size is kept as an upper
 * estimate (last measured size plus every update applied since) and measured exactly only when the
 * estimate says an update might pass the limit.
 */
export class DocSize {
  private bytes = 0;
  private exact = true;

  constructor(
    private readonly doc: Y.Doc,
    readonly limit: number,
  ) {}

  /** An update was applied (any origin). */
  grew(update: Uint8Array): void {
    this.bytes += update.length;
    this.exact = false;
  }

  /** The exact size now. */
  measure(): number {
    if (!this.exact) {
      this.bytes = Y.encodeStateAsUpdate(this.doc).length;
      this.exact = true;
    }
    return this.bytes;
  }

  /** True when the document is over its limit. */
  over(): boolean {
    return this.bytes > this.limit && this.measure() > this.limit;
  }

  /** Whether a client update may be applied: it stays within the limit, or it only deletes. */
  admits(update: Uint8Array): boolean {
    if (this.bytes + update.length <= this.limit) return true;
    if (this.measure() + update.length <= this.limit) return true;
    return !addsContent(update);
  }
}

/** True when a v1 update carries structs (new content), false when it only deletes. */
export function addsContent(update: Uint8Array): boolean {
  try {
    // A v1 update starts with varUint(number of clients with structs), then the delete set.
    return decoding.readVarUint(decoding.createDecoder(update)) > 0;
  } catch {
    return true;
  }
}
