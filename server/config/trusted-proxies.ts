// NSLAB_TRUSTED_PROXIES: the balancers whose X-Forwarded-For is believed, named by address or by CIDR range (an Ingress controller's pods change addresses, their range does not).
import { BlockList, isIP } from 'node:net';

/** A CIDR prefix length as written: digits only (no sign, no fraction); its range is checked by BlockList. */
const PREFIX = /^\d{1,3}$/;

const familyOf = (address: string): 'ipv4' | 'ipv6' => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

/** Adds one entry (an IPv4 or IPv6 address, or a range such as 10.0.0.0/8 or fd00::/8) to `list`; throws with the reason when it is not one. */
function add(list: BlockList, entry: string): void {
  const slash = entry.indexOf('/');
  const address = slash === -1 ? entry : entry.slice(0, slash);
  if (isIP(address) === 0 || address.includes('%')) throw new Error(`"${address}" is not an IP address`);
  if (slash === -1) return list.addAddress(address, familyOf(address));
  const prefix = entry.slice(slash + 1);
  if (!PREFIX.test(prefix)) throw new Error(`"${entry}": the prefix length after "/" must be a whole number`);
  try {
    list.addSubnet(address, Number(prefix), familyOf(address));
  } catch {
    throw new Error(`"${entry}": an ${familyOf(address) === 'ipv6' ? 'IPv6' : 'IPv4'} prefix length is 0–${familyOf(address) === 'ipv6' ? 128 : 32}`);
  }
}

/** Why `entry` is not an address or a CIDR range, or null when it is one. */
export function proxyEntryProblem(entry: string): string | null {
  try {
    add(new BlockList(), entry);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/**
 * The trusted balancers as one BlockList (entries already checked by the configuration). Node's BlockList
 * matches an IPv4-mapped IPv6 address (::ffff:10.0.0.2, as a dual-stack socket reports an IPv4 peer)
 * against IPv4 entries and the other way round, so either spelling of a balancer's address is trusted.
 */
export function trustedProxyList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) add(list, entry);
  return list;
}

/** True when `address` (as a socket or X-Forwarded-For gives it) is one of the trusted balancers. */
export const isTrustedProxy = (list: BlockList, address: string): boolean => isIP(address) !== 0 && list.check(address, familyOf(address));
