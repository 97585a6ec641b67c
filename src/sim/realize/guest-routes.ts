// The routes a guest's DHCP client installs, as its own `ip route` prints them (the same text names the
// route in a trace). CirrOS 0.6 runs dhcpcd: it adds the address with noprefixroute and the routes
// itself, with its default metric 1000 + the interface index (eth0 is index 2: 1002; dhcpcd.conf(5)
// "metric"); BusyBox's ip prints "dev X " then " scope link ", " src A ", " metric N " (iproute.c
// print_route), hence the doubled and trailing spaces. Ubuntu runs systemd-networkd: proto dhcp, metric
// 100 (networkd's RouteMetric for DHCPv4), and the kernel's own prefix route.
import type { Cidr } from '../addr/ipv4';
import type { GuestImage } from '../model/types';
import type { StackRoute } from './dataplane';
import { connectedRoute, DEFAULT_ROUTE, gatewayRoute } from './stack';

/** dhcpcd's metric for an interface of this index */
const dhcpcdMetric = (ifindex: number) => 1000 + ifindex;

/** eth<n> is interface n + 2 in the guest (lo is 1) */
const ifindexOf = (eth: string) => Number(eth.slice(3)) + 2;

export function guestSubnetRoute(image: GuestImage, eth: string, ip: string, prefix: number): StackRoute {
  const r = connectedRoute(eth, ip, prefix);
  if (image === 'ubuntu') return r;
  return {
    ...r,
    text: `${r.dst.text} dev ${eth} scope link  src ${ip}  metric ${dhcpcdMetric(ifindexOf(eth))} `,
  };
}

export function guestGatewayRoute(
  image: GuestImage,
  eth: string,
  gw: string,
  src: string,
  dst?: Cidr,
): StackRoute {
  if (image === 'ubuntu')
    return dst
      ? gatewayRoute(dst, gw, eth, 'dhcp')
      : gatewayRoute(DEFAULT_ROUTE, gw, eth, 'dhcp', ` src ${src} metric 100`);
  const r = gatewayRoute(dst ?? DEFAULT_ROUTE, gw, eth, 'dhcp');
  const d = dst ? dst.text : 'default';
  return { ...r, text: `${d} via ${gw} dev ${eth}  metric ${dhcpcdMetric(ifindexOf(eth))} ` };
}
