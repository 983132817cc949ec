import { createHash } from 'node:crypto';

/**
 * A deterministic UUID for a name: the first 16 bytes of sha1(name) with the version nibble set to 5 and the RFC 4122
 * variant bits, formatted like a v5 UUID (no namespace — the name carries its own prefix, e.g. 'deal:<productId>').
 */
export function uuidFromName(name: string): string {
  const b = createHash('sha1').update(name, 'utf8').digest();
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
