// Address and MAC allocation as Neutron's IPAM does it (neutron-facts §9): a DHCP port takes the first
// free address of the pool (PreferNextAddressRequest); any other port takes a random address among the
// first ≤1000 free ones (neutrondb_ipam _generate_ips, MAX_WIN = 1000). MACs keep base_mac fa:16:3e.
import { broadcastOf, type Cidr, cidrOf, inCidr, intToIp, ipToInt } from '../addr/ipv4';
import { macFromBytes, NEUTRON_MAC_PREFIX } from '../addr/mac';
import type { ByteSource, Rng } from '../addr/random';
import type { Subnet } from './types';

const MAX_WIN = 1000;

interface SubnetBook {
  readonly cidr: Cidr;
  readonly pools: { start: number; end: number }[];
  readonly used: Set<number>;
}

export class AddressBook {
  private readonly books = new Map<string, SubnetBook>();
  constructor(private readonly rng: Rng) {}

  addSubnet(s: Subnet): void {
    const cidr = cidrOf(s.cidr);
    const pools = s.allocation_pools.map((p) => ({ start: ipToInt(p.start), end: ipToInt(p.end) }));
    const used = new Set<number>();
    if (s.gateway_ip) used.add(ipToInt(s.gateway_ip));
    this.books.set(s.id, { cidr, pools, used });
  }

  inSubnet(subnetId: string, ip: string): boolean {
    const b = this.books.get(subnetId);
    return !!b && inCidr(ipToInt(ip), b.cidr);
  }

  /**
   * The network or broadcast address of the subnet: the only in-subnet addresses Neutron never gives a
   * port (neutron/ipam/utils.py check_subnet_ip). Addresses outside the pools may be asked for explicitly.
   */
  isNetworkOrBroadcast(subnetId: string, ip: string): boolean {
    const b = this.books.get(subnetId);
    if (!b) return false;
    const n = ipToInt(ip);
    return n === b.cidr.net || n === broadcastOf(b.cidr);
  }

  /** Inside one of the subnet's allocation pools (what Neutron picks from by itself). */
  inPool(subnetId: string, ip: string): boolean {
    const b = this.books.get(subnetId);
    if (!b) return false;
    const n = ipToInt(ip);
    return b.pools.some((p) => n >= p.start && n <= p.end);
  }

  isUsed(subnetId: string, ip: string): boolean {
    return this.books.get(subnetId)?.used.has(ipToInt(ip)) ?? false;
  }

  /** Marks an address taken. Returns false if it already was. */
  take(subnetId: string, ip: string): boolean {
    const b = this.books.get(subnetId);
    if (!b) return false;
    const n = ipToInt(ip);
    if (b.used.has(n)) return false;
    b.used.add(n);
    return true;
  }

  release(subnetId: string, ip: string): void {
    this.books.get(subnetId)?.used.delete(ipToInt(ip));
  }

  /** First free address of the pools, for DHCP ports. */
  first(subnetId: string): string | null {
    const b = this.books.get(subnetId);
    if (!b) return null;
    for (const p of b.pools) {
      for (let n = p.start; n <= p.end; n++) {
        if (!b.used.has(n)) {
          b.used.add(n);
          return intToIp(n);
        }
      }
    }
    return null;
  }

  /** A random address among the first MAX_WIN free ones. */
  random(subnetId: string): string | null {
    const b = this.books.get(subnetId);
    if (!b) return null;
    const candidates: number[] = [];
    for (const p of b.pools) {
      for (let n = p.start; n <= p.end && candidates.length < MAX_WIN; n++) {
        if (!b.used.has(n)) candidates.push(n);
      }
      if (candidates.length >= MAX_WIN) break;
    }
    if (candidates.length === 0) return null;
    const n = candidates[this.rng.int(0, candidates.length - 1)]!;
    b.used.add(n);
    return intToIp(n);
  }
}

/** MACs of one prefix, each the prefix plus three fresh random bytes, none given twice. */
export class MacBook {
  private readonly used = new Set<string>();
  constructor(
    private readonly bytes: ByteSource,
    private readonly prefix = NEUTRON_MAC_PREFIX,
  ) {}
  take(mac: string): boolean {
    if (this.used.has(mac)) return false;
    this.used.add(mac);
    return true;
  }
  next(): string {
    for (;;) {
      const mac = macFromBytes(this.prefix, this.bytes.byte(), this.bytes.byte(), this.bytes.byte());
      if (this.take(mac)) return mac;
    }
  }
}
