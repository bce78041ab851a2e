import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * The account key: SHA-256 (hex) of the trimmed, lower-cased e-mail. The table never holds an
 * address; the same key comes out whether or not such an account exists.
 */
export function accountKey(account: string): string {
  return createHash('sha256').update(account.trim().toLowerCase(), 'utf8').digest('hex');
}

/**
 * The address key: an IPv4 address as it is, an IPv6 address as its /64 (one subscriber can use
 * all 2^64 addresses of it, so counting them apart would count nothing). IPv4-mapped IPv6
 * addresses count as their IPv4 address.
 */
export function addressKey(address: string): string {
  // Fastify's request.ip is always an address; anything else is a caller's mistake, not input.
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) throw new TypeError('addressKey: not an IP address');
  const groups = ipv6Groups(address);
  if (isIpv4Mapped(groups)) return address.slice(address.lastIndexOf(':') + 1);
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (zone dropped, `::` and dotted tails expanded). */
function ipv6Groups(address: string): number[] {
  const bare = address.split('%')[0] ?? '';
  const [head = '', tail] = bare.split('::');
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').flatMap(groupValues));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const missing = 8 - left.length - right.length;
  return [...left, ...new Array<number>(missing).fill(0), ...right];
}

/** One colon-separated piece: a hex group, or a dotted IPv4 tail worth two groups. */
function groupValues(piece: string): number[] {
  if (!piece.includes('.')) return [parseInt(piece, 16)];
  const [a = 0, b = 0, c = 0, d = 0] = piece.split('.').map(Number);
  return [(a << 8) | b, (c << 8) | d];
}

function isIpv4Mapped(groups: readonly number[]): boolean {
  return groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
}
