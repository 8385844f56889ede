/**
 * SHA-256 through lib0 (a dependency of Yjs already), so the schedule hash is computed by the same
 * code in browsers and on the server, synchronously and without platform crypto.
 */
import { digest } from 'lib0/hash/sha256';

/** The SHA-256 digest of `data` (32 bytes). */
export function sha256(data: Uint8Array): Uint8Array {
  return digest(data);
}

const encoder = new TextEncoder();

/** The SHA-256 of a string's UTF-8 bytes (or of bytes), as lower-case hex. */
export function sha256Hex(input: string | Uint8Array): string {
  const bytes = sha256(typeof input === 'string' ? encoder.encode(input) : input);
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex;
}
