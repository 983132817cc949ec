import { BlockList, isIP } from 'node:net';

/**
 * Address ranges a feed may not be fetched from unless its merchant is allow-listed (README: feed fetching): every
 * address that reaches this machine, its private networks or nothing routable. IPv6 addresses that embed an IPv4
 * address (IPv4-mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`, IPv4-compatible `::a.b.c.d`) are
 * judged by the embedded IPv4 address.
 */
const RANGES: { kind: BlockedKind; v4?: [string, number][]; v6?: [string, number][] }[] = [
  { kind: 'loopback', v4: [['127.0.0.0', 8]], v6: [['::1', 128]] },
  { kind: 'unspecified', v4: [['0.0.0.0', 8]], v6: [['::', 128]] },
  { kind: 'private', v4: [['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], ['100.64.0.0', 10]], v6: [['fc00::', 7], ['fec0::', 10]] },
  { kind: 'link-local', v4: [['169.254.0.0', 16]], v6: [['fe80::', 10]] },
  { kind: 'multicast', v4: [['224.0.0.0', 4]], v6: [['ff00::', 8]] },
  {
    kind: 'reserved',
    v4: [['192.0.0.0', 24], ['192.0.2.0', 24], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['240.0.0.0', 4]],
    v6: [['100::', 64], ['2001:db8::', 32], ['2001:2::', 48]],
  },
];

/** Why an address is refused. */
export type BlockedKind = 'loopback' | 'unspecified' | 'private' | 'link-local' | 'multicast' | 'reserved';

const lists = RANGES.map(({ kind, v4 = [], v6 = [] }) => {
  const list = new BlockList();
  for (const [net, prefix] of v4) list.addSubnet(net, prefix, 'ipv4');
  for (const [net, prefix] of v6) list.addSubnet(net, prefix, 'ipv6');
  return { kind, list };
});

/** The eight 16-bit words of an IPv6 address (a trailing dotted IPv4 part allowed, a zone id ignored), or null. */
export function ipv6Words(address: string): number[] | null {
  let a = address.toLowerCase();
  const zone = a.indexOf('%');
  if (zone >= 0) a = a.slice(0, zone);
  const lastColon = a.lastIndexOf(':');
  if (lastColon < 0) return null;
  if (a.slice(lastColon + 1).includes('.')) {
    const b = ipv4Bytes(a.slice(lastColon + 1));
    if (!b) return null;
    a = `${a.slice(0, lastColon + 1)}${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`;
  }
  const halves = a.split('::');
  if (halves.length > 2) return null;
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((h) => (/^[0-9a-f]{1,4}$/.test(h) ? parseInt(h, 16) : NaN)));
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  if (head.some(Number.isNaN) || tail.some(Number.isNaN)) return null;
  const given = head.length + tail.length;
  if (halves.length === 1 ? given !== 8 : given > 7) return null;
  return [...head, ...Array<number>(8 - given).fill(0), ...tail];
}

function ipv4Bytes(address: string): number[] | null {
  const parts = address.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.map(Number);
}

/** The IPv4 address embedded in an IPv6 address (mapped, NAT64, 6to4, compatible), or null. */
export function embeddedIpv4(address: string): string | null {
  const w = ipv6Words(address);
  if (!w) return null;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  const zeros = (from: number, to: number) => w.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && w[5] === 0xffff) return v4(w[6]!, w[7]!); // ::ffff:a.b.c.d
  if (w[0] === 0x64 && w[1] === 0xff9b && zeros(2, 6)) return v4(w[6]!, w[7]!); // 64:ff9b::a.b.c.d
  if (w[0] === 0x2002) return v4(w[1]!, w[2]!); // 2002:aabb:ccdd::
  if (zeros(0, 6) && !(w[6] === 0 && (w[7] === 0 || w[7] === 1))) return v4(w[6]!, w[7]!); // ::a.b.c.d (deprecated)
  return null;
}

/**
 * Why `address` (an IP literal) may not be fetched from without an allow-list, or null when it is a public address.
 * Anything that is not a valid IP address is refused as 'reserved'.
 */
export function blockedAddressKind(address: string): BlockedKind | null {
  const family = isIP(address);
  if (family === 0) return 'reserved';
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4) return blockedAddressKind(v4);
    const bare = address.includes('%') ? address.slice(0, address.indexOf('%')) : address;
    for (const { kind, list } of lists) if (list.check(bare, 'ipv6')) return kind;
    return null;
  }
  for (const { kind, list } of lists) if (list.check(address, 'ipv4')) return kind;
  return null;
}
