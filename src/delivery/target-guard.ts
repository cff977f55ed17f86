import { lookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import ipaddr from 'ipaddr.js';
import { buildConnector } from 'undici';

/**
 * Server-side request forgery (spec §10, issue 12.6): in production a webhook may only reach public
 * addresses, never the hub's own machine, its network or a cloud metadata service. ipaddr.js names
 * every special range (loopback, private, link-local, unique-local, CGNAT, multicast, reserved, the
 * IPv6 tunnels that embed IPv4…); only plain `unicast` is public. IPv4-mapped IPv6 counts as its IPv4.
 */
export function isPublicAddress(ip: string): boolean {
  if (!ipaddr.isValid(ip)) return false;
  let addr = ipaddr.parse(ip);
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) addr = (addr as ipaddr.IPv6).toIPv4Address();
  return addr.range() === 'unicast';
}

const bare = (hostname: string) => hostname.replace(/^\[(.*)\]$/, '$1');

/** Why `hostname` may not be a webhook target, or null: checked at registration, with a reason for the party. */
export async function targetProblem(hostname: string): Promise<string | null> {
  const host = bare(hostname);
  let addresses: string[];
  if (ipaddr.isValid(host)) {
    addresses = [host];
  } else {
    try {
      addresses = (await resolveAll(host)).map((a) => a.address);
    } catch {
      return `${host} is niet te vinden (DNS)`;
    }
  }
  const intern = addresses.find((a) => !isPublicAddress(a));
  return intern ? `${host} wijst naar ${intern}, een intern adres (loopback, privé of gereserveerd); alleen publieke adressen` : null;
}

function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => lookup(host, { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));
}

/** Recorded with the attempt as `InterneBestemming: <why>` (no `code`: the worker records the message then). */
class InternalTargetError extends Error {
  override readonly name = 'InterneBestemming';
}

/** A DNS lookup that fails for names with an internal address: what the connection itself uses. */
function guardedLookup(hostname: string, options: LookupAllOptions | { all?: false }, callback: (...args: unknown[]) => void): void {
  lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err);
    const intern = addresses.find((a) => !isPublicAddress(a.address));
    if (intern) return callback(new InternalTargetError(`${hostname} wijst naar ${intern.address}, een intern adres`));
    if (options.all) return callback(null, addresses);
    return callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

/**
 * undici's connector, refusing internal addresses at every new connection: also after registration,
 * when a name that was public starts pointing inwards (DNS rebinding), and for an IP written in the URL.
 */
export function guardedConnector(): buildConnector.connector {
  const base = buildConnector({ lookup: guardedLookup as never });
  return (options, callback) => {
    const host = bare(options.hostname);
    if (ipaddr.isValid(host) && !isPublicAddress(host)) return callback(new InternalTargetError(`${host} is een intern adres; alleen publieke adressen`), null);
    return base(options, callback);
  };
}
