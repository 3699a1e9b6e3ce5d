/** @module The client's IP address, read through X-Forwarded-For only as far as the proxies are trusted. */
import { BlockList, isIP } from 'node:net';

/**
 * Which proxies may speak for the client: `false` trusts none, a number trusts that many hops in
 * front of the app, a list trusts those addresses, CIDR ranges and the names `loopback`,
 * `linklocal` and `uniquelocal`.
 */
export type TrustProxy = false | number | readonly string[];

/** Only the rightmost entries of X-Forwarded-For are read; a proxy chain is never this long. */
export const MAX_FORWARDED_ENTRIES = 32;

const NAMED_RANGES: Readonly<Record<string, readonly string[]>> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

const IPV4_WITH_PORT = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/;
const BRACKETED = /^\[([^\]]+)\](?::\d{1,5})?$/;
const MAPPED_IPV4 = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;

interface CompiledTrust {
  source: string;
  list: BlockList;
}

const compiled = new WeakMap<readonly string[], CompiledTrust>();

/**
 * Returns the normalised client address: the socket's, or the X-Forwarded-For entry the trusted
 * proxies vouch for; null when it is missing or not an IP address. Never throws.
 *
 * @example
 * clientAddress('10.0.0.2', '203.0.113.7, 10.0.0.1', ['10.0.0.0/8']); // '203.0.113.7'
 */
export function clientAddress(
  remoteAddress: string | null,
  forwardedFor: string | null,
  trustProxy: TrustProxy,
): string | null {
  try {
    const remote = normaliseAddress(remoteAddress);
    // Without a socket address nothing proves the header came through a proxy.
    if (trustProxy === false || remote === null || typeof forwardedFor !== 'string') return remote;
    const chain = [...forwardedEntries(forwardedFor), remote];
    if (typeof trustProxy === 'number') {
      const hops = trustProxy > 0 ? Math.floor(trustProxy) : 0;
      return normaliseAddress(chain[Math.max(0, chain.length - 1 - hops)] ?? null);
    }
    return firstUntrusted(chain, compile(trustProxy));
  } catch {
    return null;
  }
}

function forwardedEntries(header: string): string[] {
  const entries = header
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  return entries.slice(-MAX_FORWARDED_ENTRIES);
}

function firstUntrusted(chain: readonly string[], trusted: BlockList): string | null {
  let address: string | null = null;
  for (let index = chain.length - 1; index >= 0; index--) {
    address = normaliseAddress(chain[index] ?? null);
    // A hop that is not an address cannot be vouched for, and neither can anything left of it.
    if (address === null) return null;
    if (!trusted.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6')) return address;
  }
  return address;
}

function compile(entries: readonly string[]): BlockList {
  const source = entries.join(',');
  const cached = compiled.get(entries);
  if (cached !== undefined && cached.source === source) return cached.list;
  const list = new BlockList();
  for (const entry of entries.flatMap((name) => NAMED_RANGES[name] ?? [name]))
    addEntry(list, entry);
  compiled.set(entries, { source, list });
  return list;
}

function addEntry(list: BlockList, entry: string): void {
  const [rawAddress = '', rawPrefix] = entry.trim().split('/', 2);
  const address = normaliseAddress(rawAddress);
  if (address === null) return;
  const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
  if (rawPrefix === undefined) {
    list.addAddress(address, family);
    return;
  }
  let prefix = Number(rawPrefix);
  // A range written as IPv4-mapped IPv6 counts its prefix over 128 bits; addresses here are IPv4.
  if (family === 'ipv4' && rawAddress.includes(':')) prefix -= 96;
  try {
    list.addSubnet(address, prefix, family);
  } catch {
    // An unusable range trusts nothing rather than failing every request.
  }
}

/** Strips ports, brackets and the IPv4-mapped prefix; null for anything that is not an IP address. */
function normaliseAddress(raw: string | null): string | null {
  if (raw === null) return null;
  // The common case, a socket's plain IPv4 address, is already normal.
  if (isIP(raw) === 4) return raw;
  let address = raw.trim();
  const bracketed = BRACKETED.exec(address);
  const withPort = IPV4_WITH_PORT.exec(address);
  if (bracketed?.[1] !== undefined) address = bracketed[1];
  else if (withPort?.[1] !== undefined) address = withPort[1];
  address = address.toLowerCase();
  const family = isIP(address);
  if (family === 4) return address;
  if (family !== 6) return null;
  // Zone identifiers (fe80::1%eth0) cannot go through URL parsing, and are kept as sent.
  if (address.includes('%')) return address;
  const canonical = new URL(`http://[${address}]`).hostname.slice(1, -1);
  const mapped = MAPPED_IPV4.exec(canonical);
  if (mapped?.[1] === undefined || mapped[2] === undefined) return canonical;
  const high = Number.parseInt(mapped[1], 16);
  const low = Number.parseInt(mapped[2], 16);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}
